// Owns the nightly cleanup of records past their retention: the agent's, the bot's buttons and updates, outbox pictures.
using SalesCoach.Core.Bot;
using SalesCoach.Core.Messaging;

namespace SalesCoach.Core.Agent;

/// <param name="Buttons">Inline buttons of the managers' bot drawn before the cut.</param>
/// <param name="Updates">Records of Telegram updates handled before it.</param>
/// <param name="Sent">Telegram outbox messages sent before it.</param>
/// <param name="Photos">Chart pictures of outbox messages written before it.</param>
public sealed record CleanupResult(int Actions, int Interventions, int Recommendations, int Buttons, int Updates, int Sent, int Photos);

/// <summary>
/// At 02:00: the actions log, interventions and finished (or expired) recommendations older than
/// <see cref="AgentOptions.RetentionDays"/> are deleted (open ones stay whatever their age), and so are the
/// bot's buttons and handled-update records, the outbox's sent messages and its chart pictures of that age.
/// </summary>
public sealed class CleanupAgentData(ActionLog actions, InterventionRepository interventions, RecommendationRepository recommendations, BotButtons buttons, ProcessedUpdates updates,
    OutboxRepository outbox, OutboxPhotos photos, AgentOptions options, TimeProvider time)
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
        var removedButtons = await buttons.DeleteCreatedBeforeAsync(before, cancellationToken).ConfigureAwait(false);
        var removedUpdates = await updates.DeleteClaimedBeforeAsync(before, cancellationToken).ConfigureAwait(false);
        var removedSent = await outbox.DeleteSentBeforeAsync(before, cancellationToken).ConfigureAwait(false);
        var removedPhotos = await photos.DeleteWrittenBeforeAsync(before, cancellationToken).ConfigureAwait(false);
        return new CleanupResult(removedActions, removedInterventions, removedRecommendations, removedButtons, removedUpdates, removedSent, removedPhotos);
    }
}
