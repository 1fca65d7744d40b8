// Owns the activity model: calls, messages, notes, tasks, stage moves.
namespace SalesCoach.Core.Deals;

public enum ActivityKind
{
    Call,
    Message,
    Note,
    Task,
    StageChange,
}

public enum Direction
{
    Inbound,
    Outbound,
}

/// <summary>
/// Something that happened on a deal: a call, a message, a note, a task or a stage move.
/// One shape for all kinds keeps storage and ingestion simple; fields that do not apply stay null.
/// </summary>
public sealed record Activity
{
    public required string Id { get; init; }
    public required string DealId { get; init; }
    public required ActivityKind Kind { get; init; }
    /// <summary>When it happened (for a task: when it was created).</summary>
    public required DateTimeOffset OccurredAt { get; init; }
    public Direction? Direction { get; init; }
    /// <summary>Calls only.</summary>
    public int? DurationSeconds { get; init; }
    public string? Text { get; init; }
    /// <summary>Tasks only: the deadline (amoCRM complete_till).</summary>
    public DateTimeOffset? DueAt { get; init; }
    /// <summary>Tasks only: when it was completed; null while open.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
    /// <summary>Stage changes only.</summary>
    public string? FromStage { get; init; }
    /// <summary>Stage changes only.</summary>
    public string? ToStage { get; init; }
}
