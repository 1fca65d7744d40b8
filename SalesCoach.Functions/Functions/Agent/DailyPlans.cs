// Owns the daily plan endpoints: one manager's plan of a day, and the plans' completion per day.
using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Agent;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Agent;

public sealed record PlanPriorityView(
    TargetKind TargetKind, string TargetId, string LeadName, string Action, string Reasoning, RecommendationUrgency Urgency, double WinProbability,
    string SuggestedScript, string? Channel, string RecommendationId, RecommendationStatus Status);

public sealed record DailyPlanView(
    string ManagerId, string PlanDate, [property: System.Text.Json.Serialization.JsonPropertyName("top_3_priorities")] IReadOnlyList<PlanPriorityView> Top3Priorities, string StrategicInsights, IReadOnlyList<string> Risks,
    IReadOnlyList<string> QuickWins, string Source, DateTimeOffset CreatedAt, int CandidatesConsidered, int ActionsTotal, int ActionsCompleted, string CompletionStatus);

public sealed record PlanPerformance(int Days, IReadOnlyList<PlanPerformanceRow> Rows);

public sealed class DailyPlans(DailyPlanRepository plans, RecommendationRepository recommendations, ManagerRepository managers, AgentDailyReview review, TimeProvider time)
{
    [Function("GetDailyPlan")]
    [ApiOperation("A manager's daily plan: the top priorities over open leads and deals (action, reasoning, urgency, win probability, script, and each one's recommendation status), strategic insights, risks, quick wins and completion.", Response = typeof(DailyPlanView))]
    [ApiQuery("manager_id", "string", "The manager.", Required = true)]
    [ApiQuery("date", "string", "The plan day, yyyy-MM-dd in the manager's time zone; default today there.")]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "agent/daily-plan")] HttpRequest request, CancellationToken cancellationToken)
    {
        var managerId = Keys.RequireId(request.Query["manager_id"], "manager_id");
        var manager = await managers.GetAsync(managerId, cancellationToken) ?? throw new NotFoundException("Manager", managerId);
        var date = request.Query["date"].ToString() is { Length: > 0 } raw ? ParseDate(raw) : CreateDailyPlan.LocalDate(manager, time.GetUtcNow());
        var plan = await plans.GetAsync(managerId, date, cancellationToken) ?? throw new NotFoundException("Daily plan", $"{managerId}/{date}");
        var outcomes = (await recommendations.ListByPlanAsync(managerId, date, cancellationToken)).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var priorities = plan.Top3Priorities.Select(p => new PlanPriorityView(p.TargetKind, p.TargetId, p.LeadName, p.Action, p.Reasoning, p.Urgency, p.WinProbability,
            p.SuggestedScript, p.Channel, p.RecommendationId, outcomes.TryGetValue(p.RecommendationId, out var r) ? r.StatusAt(now) : RecommendationStatus.Open)).ToList();
        var done = priorities.Count(p => p.Status == RecommendationStatus.Done);
        var finished = priorities.Count(p => Recommendation.IsFinished(p.Status));
        var status = priorities.Count == 0 || done == priorities.Count ? "completed" : finished == priorities.Count ? "closed" : done > 0 ? "in_progress" : "pending";
        return TypedResults.Ok(new DailyPlanView(plan.ManagerId, plan.PlanDate, priorities, plan.StrategicInsights, plan.Risks, plan.QuickWins, plan.Source,
            plan.CreatedAt, plan.CandidatesConsidered, priorities.Count, done, status));
    }

    [Function("GetDailyPlanPerformance")]
    [ApiOperation("Daily review performance: per plan day, managers with plans, actions completed and planned, completion rate (%), newest first.", Response = typeof(PlanPerformance))]
    [ApiQuery("days", "integer", "1–90, default 30.")]
    public async Task<IResult> PerformanceAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "agent/daily-plans/performance")] HttpRequest request, CancellationToken cancellationToken)
    {
        var days = QueryValues.Int(request.Query["days"], "days", defaultValue: 30, min: 1, max: 90);
        return TypedResults.Ok(new PlanPerformance(days, await review.PerformanceAsync(days, cancellationToken)));
    }

    private static string ParseDate(string raw) =>
        DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : throw new InputValidationException("date", $"'date' must be a day as yyyy-MM-dd, not '{raw}'.");
}
