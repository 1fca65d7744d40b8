// Owns the agent's daily review: at each manager's review hour (08:00 local), their daily plan; and the plans' completion view.
using System.Globalization;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Deals.Runs;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Agent;

public sealed record DailyReviewResult(int Managers, int PlansCreated, int AlreadyPlanned, int Failed);

/// <summary>One plan day of seed 001's "daily review performance": managers with plans, actions done and planned, completion rate (%).</summary>
public sealed record PlanPerformanceRow(string PlanDate, int UsersWithPlans, int TotalActionsCompleted, int TotalActionsPlanned, double? CompletionRate);

/// <summary>
/// Runs hourly: plans the day of every manager whose local time is in the review hour (<see cref="DailyReviewOptions.Hour"/>,
/// the same setting as the deal review). A manager's failure is logged and the others go on; a repeat in the
/// same hour finds the stored plans. Triggered by hand, it plans every manager's day at once.
/// </summary>
public sealed class AgentDailyReview(ManagerRepository managers, CreateDailyPlan createPlan, DailyPlanRepository plans, RecommendationRepository recommendations,
    ActionLog actions, DailyReviewOptions review, TimeProvider time, ILogger<AgentDailyReview> logger)
{
    public async Task<DailyReviewResult> RunAsync(bool allManagers, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = (await managers.ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(m => TimeZones.IsKnown(m.TimeZone) && (allManagers || TimeZones.ToLocal(now, m.TimeZone).Hour == review.Hour)).ToList();
        int created = 0, existing = 0, failed = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (manager, token) =>
        {
            try
            {
                var (_, isNew) = await createPlan.RunAsync(manager, token).ConfigureAwait(false);
                Interlocked.Increment(ref isNew ? ref created : ref existing);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Interlocked.Increment(ref failed);
                logger.LogError(e, "Daily plan for manager {ManagerId} failed", manager.Id);
                await actions.RecordAsync(new AgentAction($"plan-{manager.Id}-{CreateDailyPlan.LocalDate(manager, now)}-failed", "daily_plan", null, null, manager.Id, false,
                    e.GetType().Name + ": " + e.Message, time.GetUtcNow()), token).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return new DailyReviewResult(due.Count, created, existing, failed);
    }

    /// <summary>Plans of the last <paramref name="days"/> days, per plan day: managers, actions done (recommendations completed) and planned.</summary>
    public async Task<IReadOnlyList<PlanPerformanceRow>> PerformanceAsync(int days, CancellationToken cancellationToken)
    {
        var from = time.GetUtcNow().AddDays(-days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = new List<PlanPerformanceRow>();
        foreach (var day in (await plans.ListFromAsync(from, cancellationToken).ConfigureAwait(false)).GroupBy(p => p.PlanDate).OrderByDescending(g => g.Key, StringComparer.Ordinal))
        {
            int done = 0, planned = 0;
            foreach (var plan in day)
            {
                planned += plan.Top3Priorities.Count;
                var outcomes = await recommendations.ListByPlanAsync(plan.ManagerId, plan.PlanDate, cancellationToken).ConfigureAwait(false);
                done += outcomes.Count(r => r.Status == RecommendationStatus.Done && plan.Top3Priorities.Any(p => p.RecommendationId == r.Id));
            }
            rows.Add(new PlanPerformanceRow(day.Key, day.Count(), done, planned, planned == 0 ? null : Math.Round(100.0 * done / planned, 2)));
        }
        return rows;
    }
}
