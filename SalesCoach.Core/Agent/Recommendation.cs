// Owns the recommendation model: what the agent suggests to a manager, and what became of it.
namespace SalesCoach.Core.Agent;

public enum RecommendationUrgency
{
    Critical,
    High,
    Normal,
}

public enum RecommendationStatus
{
    Open,
    Accepted,
    Dismissed,
    Done,
    Expired,
}

public enum TargetKind
{
    Lead,
    Deal,
    Chat,
}

/// <summary>
/// Something the agent suggests a manager does about one lead, deal or chat (seed 001's recommendations).
/// The id is deterministic per cause (a plan day and target, an inactivity crossing), so creating it twice stores it once.
/// </summary>
public sealed record Recommendation
{
    public required string Id { get; init; }
    public required string ManagerId { get; init; }
    /// <summary>What kind of step: daily_priority, re_engage, schedule_meeting, ….</summary>
    public required string Type { get; init; }
    public required TargetKind TargetKind { get; init; }
    public required string TargetId { get; init; }
    public string? TargetName { get; init; }
    public required string Title { get; init; }
    public required string Reasoning { get; init; }
    public required RecommendationUrgency Urgency { get; init; }
    public string? SuggestedScript { get; init; }
    /// <summary>Best channel to use: phone, whatsapp, email, meeting.</summary>
    public string? Channel { get; init; }
    /// <summary>Best time to act, in the manager's local time.</summary>
    public DateTimeOffset? BestTime { get; init; }
    /// <summary>0..1 when known.</summary>
    public double? WinProbability { get; init; }
    /// <summary>"rules" or the LLM that wrote it.</summary>
    public required string Source { get; init; }
    /// <summary>The manager-local day of the daily plan it belongs to, if any (yyyy-MM-dd).</summary>
    public string? PlanDate { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? AcceptedAt { get; init; }
    public DateTimeOffset? DismissedAt { get; init; }
    public DateTimeOffset? DoneAt { get; init; }
    public DateTimeOffset? ExpiredAt { get; init; }

    public RecommendationStatus Status =>
        DoneAt is not null ? RecommendationStatus.Done
        : DismissedAt is not null ? RecommendationStatus.Dismissed
        : ExpiredAt is not null ? RecommendationStatus.Expired
        : AcceptedAt is not null ? RecommendationStatus.Accepted
        : RecommendationStatus.Open;

    /// <summary>The status as of <paramref name="now"/>: an open or accepted one past its expiry counts as expired even before the midnight job records it.</summary>
    public RecommendationStatus StatusAt(DateTimeOffset now) =>
        Status is RecommendationStatus.Open or RecommendationStatus.Accepted && ExpiresAt <= now ? RecommendationStatus.Expired : Status;

    public static bool IsFinished(RecommendationStatus status) =>
        status is RecommendationStatus.Dismissed or RecommendationStatus.Done or RecommendationStatus.Expired;
}
