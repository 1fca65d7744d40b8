// Owns a manager's daily plan: candidates, the planner, storing it, its recommendations, the Telegram message and the actions log.
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Agent;

/// <summary>
/// Seed 001's daily lead review for one manager and their local day: the top priorities over open leads and
/// deals (<see cref="IDailyPlanner"/>), stored once per manager and day (a second run answers the stored plan,
/// so an unchanged day costs no tokens), each priority a recommendation (deterministic ids), the plan queued to
/// the manager's Telegram, and the run logged. Completion is read from the recommendations' outcomes.
/// </summary>
public sealed class CreateDailyPlan(
    PlanCandidates candidates,
    IDailyPlanner planner,
    DailyPlanRepository plans,
    RecommendationRepository recommendations,
    AgentMemory memory,
    OutboxRepository outbox,
    ActionLog actions,
    AgentOptions options,
    LanguageOptions languages,
    TimeProvider time,
    ILogger<CreateDailyPlan> logger,
    IEnumerable<IRecommendationButtons>? recommendationButtons = null)
{
    public static string LocalDate(Manager manager, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return TimeZones.ToLocal(now, manager.TimeZone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public async Task<(DailyPlan Plan, bool Created)> RunAsync(Manager manager, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var now = time.GetUtcNow();
        var date = LocalDate(manager, now);
        if (await plans.GetAsync(manager.Id, date, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return (existing, false);
        }
        var ranked = await candidates.ListAsync(manager, now, cancellationToken).ConfigureAwait(false);
        var remembered = await memory.ListAsync(manager.Id, cancellationToken).ConfigureAwait(false);
        var draft = await planner.PlanAsync(ranked, remembered, languages.For(manager), cancellationToken).ConfigureAwait(false);
        var compact = date.Replace("-", "", StringComparison.Ordinal);
        var priorities = draft.Priorities.Select(p => new PlanPriority(p.Candidate.TargetKind, p.Candidate.TargetId, p.Candidate.Name, p.Action, p.Reasoning, p.Urgency,
            Math.Round(p.WinProbability, 2), p.Script, p.Candidate.Channel, RecommendationId(compact, p.Candidate))).ToList();
        var plan = new DailyPlan(manager.Id, date, priorities, draft.StrategicInsights, draft.Risks, draft.QuickWins, draft.Source, now, ranked.Count);

        // Recommendations first: the plan row is the "done" marker, so a run that dies before it is simply repeated.
        var planned = new List<Recommendation>();
        foreach (var (priority, candidate) in priorities.Zip(draft.Priorities.Select(p => p.Candidate)))
        {
            var recommendation = new Recommendation
            {
                Id = priority.RecommendationId,
                ManagerId = manager.Id,
                Type = candidate.ActionType,
                TargetKind = priority.TargetKind,
                TargetId = priority.TargetId,
                TargetName = priority.LeadName,
                Title = priority.Action,
                Reasoning = priority.Reasoning,
                Urgency = priority.Urgency,
                SuggestedScript = priority.SuggestedScript,
                Channel = priority.Channel,
                WinProbability = priority.WinProbability,
                Source = draft.Source,
                PlanDate = date,
                CreatedAt = now,
                ExpiresAt = now + options.RecommendationLifetime,
            };
            await recommendations.AddAsync(recommendation, cancellationToken).ConfigureAwait(false);
            planned.Add(recommendation);
        }
        var (stored, added) = await plans.AddAsync(plan, cancellationToken).ConfigureAwait(false);
        if (added)
        {
            var subjects = draft.Priorities.Select(p => RulePlanner.MemorySubject(p.Candidate)).ToHashSet(StringComparer.Ordinal);
            await memory.MarkUsedAsync(remembered.Where(f => subjects.Contains(f.Subject)), cancellationToken).ConfigureAwait(false);
            await outbox.EnqueueAsync(await recommendationButtons.WithButtonsAsync(OutboxMessages.FromHtml(manager, OutboxKind.DailyPlan, Html(stored, languages.For(manager)), $"plan-{manager.Id}-{compact}", now, null, null),
                manager, planned, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            await actions.RecordAsync(new AgentAction($"plan-{manager.Id}-{compact}", "daily_plan", null, null, manager.Id, true,
                string.Create(CultureInfo.InvariantCulture, $"{priorities.Count} priorities from {ranked.Count} open leads and deals ({draft.Source})"), now), cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Daily plan {Date} for manager {ManagerId}: {Count} priorities ({Source})", date, manager.Id, priorities.Count, draft.Source);
        }
        return (stored, added);
    }

    private static string RecommendationId(string compactDate, PlanCandidate candidate)
    {
        var id = $"plan-{compactDate}-{Json.Name(candidate.TargetKind.ToString())}-{candidate.TargetId}";
        return id.Length <= 64 ? id : id[..64];
    }

    public static string Html(DailyPlan plan, string language)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var html = new StringBuilder();
        html.Append("🗓 <b>").Append(TelegramHtml.Escape(PlanTexts.PlanTitle(language, plan.PlanDate))).Append("</b>\n");
        var n = 1;
        foreach (var p in plan.Top3Priorities)
        {
            var icon = p.Urgency switch { RecommendationUrgency.Critical => "🔥", RecommendationUrgency.High => "⏰", _ => "📅" };
            html.Append(CultureInfo.InvariantCulture, $"\n{n++}. {icon} <b>{TelegramHtml.Escape(p.Action)}</b> — {TelegramHtml.Escape(p.LeadName)}\n")
                .Append("   ").Append(TelegramHtml.Escape(p.Reasoning)).Append('\n')
                .Append("   💬 <i>").Append(TelegramHtml.Escape(p.SuggestedScript)).Append("</i>\n");
        }
        if (plan.Top3Priorities.Count == 0)
        {
            html.Append("\n—\n");
        }
        html.Append("\n💡 ").Append(TelegramHtml.Escape(plan.StrategicInsights)).Append('\n');
        foreach (var risk in plan.Risks)
        {
            html.Append("⚠️ ").Append(TelegramHtml.Escape(risk)).Append('\n');
        }
        foreach (var win in plan.QuickWins)
        {
            html.Append("✅ ").Append(TelegramHtml.Escape(win)).Append('\n');
        }
        return html.ToString().TrimEnd();
    }
}
