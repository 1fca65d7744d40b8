// Owns the nightly cleanup of the agent's own records past their retention.
namespace SalesCoach.Core.Agent;

public sealed record CleanupResult(int Actions, int Interventions, int Recommendations);

/// <summary>
/// At 02:00: the actions log, interventions and finished (or expired) recommendations older than
/// <see cref="AgentOptions.RetentionDays"/> are deleted. Open ones stay whatever their age.
/// </summary>
public sealed class CleanupAgentData(ActionLog actions, InterventionRepository interventions, RecommendationRepository recommendations, AgentOptions options, TimeProvider time)
{
    public async Task<CleanupResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var before = now.AddDays(-options.RetentionDays);
        var removedActions = await actions.DeleteOlderThanAsync(options.RetentionDays, cancellationToken).ConfigureAwait(false);
        var removedInterventions = await interventions.DeleteReceivedBeforeAsync(before, cancellationToken).ConfigureAwait(false);
        var removedRecommendations = 0;
        foreach (var old in await recommendations.ListCreatedBeforeAsync(before, cancellationToken).ConfigureAwait(false))
        {
            if (Recommendation.IsFinished(old.StatusAt(now)))
            {
                await recommendations.DeleteAsync(old.Id, cancellationToken).ConfigureAwait(false);
                removedRecommendations++;
            }
        }
        return new CleanupResult(removedActions, removedInterventions, removedRecommendations);
    }
}
