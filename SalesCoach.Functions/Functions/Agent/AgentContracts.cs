// Owns the response bodies of the agent's HTTP API.
using SalesCoach.Core.Agent;

namespace SalesCoach.Functions.Functions.Agent;

public sealed record RecommendationView(
    string Id, string ManagerId, string Type, TargetKind TargetKind, string TargetId, string? TargetName, string Title, string Reasoning,
    RecommendationUrgency Urgency, RecommendationStatus Status, string? SuggestedScript, string? Channel, DateTimeOffset? BestTime,
    double? WinProbability, string Source, string? PlanDate, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? AcceptedAt, DateTimeOffset? DismissedAt, DateTimeOffset? DoneAt, DateTimeOffset? ExpiredAt)
{
    public static RecommendationView Of(Recommendation r, DateTimeOffset now) => new(
        r.Id, r.ManagerId, r.Type, r.TargetKind, r.TargetId, r.TargetName, r.Title, r.Reasoning, r.Urgency, r.StatusAt(now),
        r.SuggestedScript, r.Channel, r.BestTime, r.WinProbability, r.Source, r.PlanDate, r.CreatedAt, r.ExpiresAt,
        r.AcceptedAt, r.DismissedAt, r.DoneAt, r.ExpiredAt);
}

public sealed record RecommendationList(string ManagerId, int Count, IReadOnlyList<RecommendationView> Items);

public sealed record ActionsSummary(int Days, IReadOnlyList<ActionSummaryRow> Rows);
