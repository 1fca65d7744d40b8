// Owns the coach seam: what a coach sees and what it answers.
using SalesCoach.Core.Deals.Forecast;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals.Coaching;

/// <summary>Everything a coach may look at for one deal, as of <paramref name="Now"/>.</summary>
public sealed record DealContext(Manager Manager, Deal Deal, IReadOnlyList<Activity> Activities, DealMetrics Metrics, DateTimeOffset Now)
{
    /// <summary>What is typical for this team; <see cref="TeamNorms.Unknown"/> until the team's history has been learned.</summary>
    public TeamNorms Norms { get; init; } = TeamNorms.Unknown;

    /// <summary>The language the manager reads (ru, uk, en).</summary>
    public string Language { get; init; } = Languages.Russian;

    public CoachingTexts Texts => CoachingTexts.For(Language);
}

/// <summary>What coaching one deal cost: tokens, LLM calls made, and whether a cached answer served it.</summary>
public sealed record CoachingUsage(int PromptTokens, int CompletionTokens, int LlmCalls, bool CacheHit)
{
    public static CoachingUsage None { get; } = new(0, 0, 0, false);

    public CoachingUsage Add(CoachingUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(PromptTokens + other.PromptTokens, CompletionTokens + other.CompletionTokens, LlmCalls + other.LlmCalls, CacheHit || other.CacheHit);
    }
}

public sealed record CoachingOutcome(CoachingAdvice Advice, CoachingUsage Usage);

/// <summary>
/// The seam between analysis and advice. The rule coach always works; the LLM coach falls back to it,
/// so callers never care which one answered.
/// </summary>
public interface ICoach
{
    Task<CoachingOutcome> AdviseAsync(DealContext context, CancellationToken cancellationToken);
}
