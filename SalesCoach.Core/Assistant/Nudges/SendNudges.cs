// Owns the minute timer's work: find due nudges with one index query, check each against its conversation, queue it once, schedule the next.
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Assistant.Conversations;
using SalesCoach.Core.Assistant.Outgoing;

namespace SalesCoach.Core.Assistant.Nudges;

public sealed record SendNudgesResult(int Queued, int Skipped, int Deferred);

/// <summary>
/// Every minute: the due-nudge index rows up to now (one range query). For each, the conversation must
/// still point at that due time, not be handed off or ordered, and have fewer than
/// <see cref="NudgePolicy.MaxNudges"/> nudges; otherwise the row is stale and dropped. A nudge found
/// outside the client's window (the timer was late) moves to the next opening. Otherwise the text
/// (<see cref="AssistantOptions.NudgeFirstText"/> or <see cref="AssistantOptions.NudgeSecondText"/>) is
/// queued under an id made of the conversation, the nudge number and its due time (queued twice, stored
/// once), then the conversation records it under its ETag and gets nudge 2's due time (or none after
/// nudge 2). The WhatsApp outbox sends it within GREEN-API's limits.
/// </summary>
public sealed class SendNudges(ConversationStore conversations, WhatsAppOutbox outbox, AssistantOptions options, TimeProvider time, ILogger<SendNudges> logger)
{
    public const int BatchSize = 500;

    public async Task<SendNudgesResult> RunAsync(CancellationToken cancellationToken)
    {
        if (!options.NudgesEnabled)
        {
            return new SendNudgesResult(0, 0, 0);
        }
        int queued = 0, skipped = 0, deferred = 0;
        var now = time.GetUtcNow();
        foreach (var due in await conversations.DueAsync(now, BatchSize, cancellationToken).ConfigureAwait(false))
        {
            var outcome = await NudgeAsync(due, now, cancellationToken).ConfigureAwait(false);
            switch (outcome)
            {
                case Outcome.Queued: queued++; break;
                case Outcome.Deferred: deferred++; break;
                default: skipped++; break;
            }
        }
        if (queued + deferred > 0)
        {
            logger.LogInformation("Nudges: {Queued} queued, {Deferred} moved to the next opening, {Skipped} stale", queued, deferred, skipped);
        }
        return new SendNudgesResult(queued, skipped, deferred);
    }

    private enum Outcome { Queued, Deferred, Stale }

    private async Task<Outcome> NudgeAsync(DueNudge due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var (state, etag) = await conversations.GetAsync(due.ConversationKey, cancellationToken).ConfigureAwait(false);
            if (state is null || state.NudgeDueAt != due.DueAt || state.Handoff || state.Stage == ConversationStage.Ordered
                || state.NudgesSent >= NudgePolicy.MaxNudges || state.IsSimulation)
            {
                await conversations.DeleteIndexAsync(due.RowKey, cancellationToken).ConfigureAwait(false);
                return Outcome.Stale;
            }
            var zone = options.ZoneOf(state.Phone);
            if (!NudgePolicy.InWindow(now, zone, options))
            {
                var later = state with { NudgeDueAt = NudgePolicy.IntoWindow(now, zone, options) };
                if (await conversations.TrySaveAsync(later, state, etag, cancellationToken).ConfigureAwait(false))
                {
                    return Outcome.Deferred;
                }
                continue;
            }
            var number = state.NudgesSent + 1;
            await outbox.EnqueueAsync([new WhatsAppOutgoing
            {
                Id = $"nudge-{state.Phone}-{number}-{due.DueAt.UtcTicks}",
                ChatId = state.Phone + "@c.us",
                Kind = WhatsAppMessageKind.Text,
                Text = number == 1 ? options.NudgeFirstText : options.NudgeSecondText,
                CreatedAt = now,
            }], cancellationToken).ConfigureAwait(false);
            var next = state with
            {
                NudgesSent = number,
                FirstNudgeAt = number == 1 ? now : state.FirstNudgeAt,
                LastAssistantAt = now,
                NudgeDueAt = number < NudgePolicy.MaxNudges ? NudgePolicy.SecondDue(now, zone, options) : null,
            };
            if (await conversations.TrySaveAsync(next, state, etag, cancellationToken).ConfigureAwait(false))
            {
                return Outcome.Queued;
            }
        }
        return Outcome.Stale;
    }
}
