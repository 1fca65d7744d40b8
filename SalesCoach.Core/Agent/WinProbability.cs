// Owns the one seam the agent reads a deal's win probability through (today the rule coach's estimate; a learned model can replace it).
using SalesCoach.Core.Deals;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Managers;

namespace SalesCoach.Core.Agent;

/// <summary>A deal's chance to be won, 0..1, as of <paramref name="now"/>. Registered once; swap the registration to change the model.</summary>
public interface IWinProbability
{
    double Estimate(Manager manager, Deal deal, IReadOnlyList<Activity> activities, DealMetrics metrics, DateTimeOffset now);
}

/// <summary>The rule coach's conversion probability (explainable rules over the deal metrics), as 0..1.</summary>
public sealed class RuleCoachWinProbability(RuleCoach coach) : IWinProbability
{
    public double Estimate(Manager manager, Deal deal, IReadOnlyList<Activity> activities, DealMetrics metrics, DateTimeOffset now) =>
        Math.Clamp(coach.Advise(new DealContext(manager, deal, activities, metrics, now)).ConversionProbability / 100.0, 0, 1);
}
