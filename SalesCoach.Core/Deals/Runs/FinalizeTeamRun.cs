using Microsoft.Extensions.Logging;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals.Runs;

/// <summary>Fan-in: queues each manager's summary (seed 000: deals ranked by priority) and completes the run. Idempotent.</summary>
public sealed class FinalizeTeamRun(
    RunRepository runs,
    ManagerRepository managers,
    OutboxRepository outbox,
    TimeProvider time,
    ILogger<FinalizeTeamRun> logger)
{
    public async Task RunAsync(RunFinalizeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var run = await runs.GetAsync(message.RunId, cancellationToken).ConfigureAwait(false);
        if (run is null || run.Status == RunStatus.Completed)
        {
            logger.LogInformation("Run {RunId} is {State}; finalize skipped", message.RunId, run is null ? "unknown" : "already completed");
            return;
        }
        if (!run.AllItemsFinished)
        {
            throw new InvalidOperationException($"Run {run.Id} was asked to finalize at {run.Done + run.Failed}/{run.Total}.");
        }

        var now = time.GetUtcNow();
        foreach (var item in await runs.ListItemsAsync(run.Id, cancellationToken).ConfigureAwait(false))
        {
            if (item.State != WorkItemState.Done || item.ResultJson is null)
            {
                continue;
            }
            var summary = Json.Deserialize<ManagerDealsSummary>(item.ResultJson);
            var manager = await managers.GetAsync(item.ManagerId, cancellationToken).ConfigureAwait(false);
            if (manager is null || summary.DealCount == 0)
            {
                continue;
            }
            var html = CoachingCardFormatter.ManagerSummary(manager, summary, now);
            await outbox.EnqueueAsync(
                OutboxMessages.FromHtml(manager, OutboxKind.ManagerSummary, html, $"run-{run.Id}-summary-{manager.Id}", now, run.Id, null),
                cancellationToken).ConfigureAwait(false);
        }

        if (await runs.MarkCompletedAsync(run.Id, now, cancellationToken).ConfigureAwait(false))
        {
            logger.LogInformation("Run {RunId} completed: {Done} done, {Failed} failed of {Total}", run.Id, run.Done, run.Failed, run.Total);
        }
    }
}
