// Owns the team run's fan-in output: each manager's summary (deals in attention order) queued for Telegram as one message.
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;

namespace SalesCoach.Core.Deals.Runs;

/// <summary>Queues one manager's run summary. Idempotent: the outbox id is derived from the run and the manager.</summary>
public sealed class QueueManagerSummary(ManagerRepository managers, OutboxRepository outbox, AttentionOptions attention, TimeProvider time, ILogger<QueueManagerSummary> logger)
{
    /// <summary>The number of messages queued (0 when the manager has no open deals or no longer exists).</summary>
    public async Task<int> RunAsync(ManagerSummaryInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var manager = await managers.GetAsync(input.ManagerId, cancellationToken).ConfigureAwait(false);
        if (manager is null || input.Summary.DealCount == 0)
        {
            logger.LogInformation("Run {RunId}: no summary for manager {ManagerId}", input.RunId, input.ManagerId);
            return 0;
        }
        var now = time.GetUtcNow();
        var html = CoachingCardFormatter.ManagerSummary(manager, input.Summary, now, attention.SummaryLines);
        var messages = OutboxMessages.FromHtml(manager, OutboxKind.ManagerSummary, html, $"run-{input.RunId}-summary-{manager.Id}", now, input.RunId, null).ToList();
        await outbox.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        return messages.Count;
    }
}
