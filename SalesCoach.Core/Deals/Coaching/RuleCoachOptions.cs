// Owns the rule coach's thresholds.
namespace SalesCoach.Core.Deals.Coaching;

/// <summary>Thresholds of the rule-based coach; bound from the "Coaching" configuration section.</summary>
public sealed record RuleCoachOptions
{
    /// <summary>A deal at or above this budget (in its currency, ISO 4217) is "large": silence hurts it sooner.</summary>
    public Dictionary<string, decimal> LargeDealBudgets { get; init; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["RUB"] = 300_000m,
        ["KZT"] = 1_500_000m,
        ["UAH"] = 150_000m,
        ["USD"] = 3_500m,
        ["EUR"] = 3_500m,
    };

    /// <summary>Used for a currency that <see cref="LargeDealBudgets"/> does not list.</summary>
    public decimal DefaultLargeDealBudget { get; init; } = 300_000m;

    public decimal LargeDealBudget(string currency) =>
        LargeDealBudgets.TryGetValue(currency, out var threshold) ? threshold : DefaultLargeDealBudget;
    /// <summary>Idle days that raise a concern on a large deal (seed 000 stale check default: 3).</summary>
    public int LargeDealIdleDays { get; init; } = 3;
    /// <summary>Idle days that raise a concern on any other deal (seed 000 example: 5).</summary>
    public int IdleDays { get; init; } = 5;
    /// <summary>Days in one stage after which the deal is "stuck" (seed 000 example: more than 10).</summary>
    public int StuckInStageDays { get; init; } = 10;
    /// <summary>Deal age after which fewer than <see cref="MinCalls"/> calls is a concern.</summary>
    public int FewCallsAfterDays { get; init; } = 7;
    public int MinCalls { get; init; } = 2;
}
