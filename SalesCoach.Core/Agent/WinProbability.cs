// Owns the one seam the agent reads a deal's win probability through: the same forecast cards show.
using SalesCoach.Core.Deals;
using SalesCoach.Core.Deals.Forecast;
using SalesCoach.Core.Managers;

namespace SalesCoach.Core.Agent;

/// <summary>A deal's chance to be won, 0..1, as of <paramref name="now"/>.</summary>
public interface IWinProbability
{
    Task<double> EstimateAsync(Manager manager, Deal deal, IReadOnlyList<Activity> activities, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>
/// The forecast deal coaching shows: the team's learned win model when it has enough closed deals,
/// else the rule score (see README "Win probability").
/// </summary>
public sealed class TeamWinProbability(DealAssessor assessor, WinModels models) : IWinProbability
{
    public async Task<double> EstimateAsync(Manager manager, Deal deal, IReadOnlyList<Activity> activities, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await models.CurrentAsync(cancellationToken).ConfigureAwait(false);
        return assessor.Assess(manager, deal, activities, stored, now).Forecast.Probability;
    }
}
