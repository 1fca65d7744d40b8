// Owns the advice model: priority, findings, actions, probability.
using System.Text.Json.Serialization;

namespace SalesCoach.Core.Deals.Coaching;

[JsonConverter(typeof(JsonStringEnumConverter<Priority>))]
public enum Priority
{
    Low,
    Medium,
    High,
}

[JsonConverter(typeof(JsonStringEnumConverter<Urgency>))]
public enum Urgency
{
    /// <summary>Today ("🔥 СРОЧНО").</summary>
    Urgent,
    /// <summary>"⏰ НА ЭТОЙ НЕДЕЛЕ".</summary>
    ThisWeek,
    /// <summary>"📅 ЗАПЛАНИРОВАТЬ".</summary>
    Plan,
}

public sealed record ActionItem(string Title, Urgency Urgency, string Why, string How);

/// <summary>What a coach says about one deal: the seed-000 recommendation fields, whoever produced them.</summary>
public sealed record CoachingAdvice
{
    public required string Assessment { get; init; }
    public required IReadOnlyList<string> Strengths { get; init; }
    public required IReadOnlyList<string> Concerns { get; init; }
    public required IReadOnlyList<string> RedFlags { get; init; }
    public required Priority Priority { get; init; }
    public required IReadOnlyList<ActionItem> ActionItems { get; init; }
    public required IReadOnlyList<string> Phrases { get; init; }
    /// <summary>The 2–3 day action plan.</summary>
    public required IReadOnlyList<string> ActionPlan { get; init; }
    /// <summary>0..100.</summary>
    public required int ConversionProbability { get; init; }
    /// <summary>"rules" or the LLM deployment that answered.</summary>
    public required string Source { get; init; }
}
