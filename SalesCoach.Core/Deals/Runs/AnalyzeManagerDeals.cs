using Microsoft.Extensions.Logging;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals.Runs;

/// <summary>
/// One manager's share of a team run (queue-triggered). Idempotent per (run, manager): a redelivered
/// message for a finished item changes nothing. Cards for high-priority deals are queued (seed 000,
/// periodic monitoring); the manager's summary is left to the finalizer.
/// </summary>
public sealed class AnalyzeManagerDeals(
    RunRepository runs,
    ManagerRepository managers,
    DealRepository deals,
    AnalyzeDeal analyzeDeal,
    OutboxRepository outbox,
    StorageAccount storage,
    TimeProvider time,
    ILogger<AnalyzeManagerDeals> logger)
{
    /// <summary>How many deal lines a work item keeps for the summary (a Table string holds 64 KiB).</summary>
    public const int SummaryLines = 50;

    public async Task RunAsync(ManagerWorkMessage message, int dequeueCount, int maxDequeueCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var item = await runs.GetItemAsync(message.RunId, message.ManagerId, cancellationToken).ConfigureAwait(false);
        if (item is null)
        {
            logger.LogWarning("Run {RunId} has no work item for manager {ManagerId}; message dropped", message.RunId, message.ManagerId);
            return;
        }

        TeamRun run;
        if (item.State != WorkItemState.Pending)
        {
            run = await runs.GetAsync(message.RunId, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException($"Run {message.RunId} vanished.");
            logger.LogInformation("Run {RunId} manager {ManagerId} already {State}; redelivery ignored", run.Id, message.ManagerId, item.State);
        }
        else
        {
            WorkItem finished;
            try
            {
                var (summary, usage) = await AnalyzeAsync(message, cancellationToken).ConfigureAwait(false);
                finished = item with { State = WorkItemState.Done, ResultJson = Json.Serialize(summary), FinishedAt = time.GetUtcNow(), Usage = usage };
            }
            catch (Exception e) when (dequeueCount >= maxDequeueCount && e is not OperationCanceledException)
            {
                // Last delivery: count the manager as failed so the run can still finish.
                logger.LogError(e, "Run {RunId} manager {ManagerId} failed after {Attempts} attempts", message.RunId, message.ManagerId, dequeueCount);
                finished = item with { State = WorkItemState.Failed, Error = $"{e.GetType().Name}: {e.Message}", FinishedAt = time.GetUtcNow() };
            }
            (run, _) = await runs.FinishItemAsync(finished, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Run {RunId} finished {Done}/{Total} ({Failed} failed)", run.Id, run.Done, run.Total, run.Failed);
        }

        // Whoever sees the last item counted queues the finalizer; a redelivery re-queues it in case the
        // first attempt died in between (the finalizer is idempotent).
        if (run.AllItemsFinished && run.Status == RunStatus.Running)
        {
            var queue = await storage.QueueAsync(QueueNames.RunFinalize).ConfigureAwait(false);
            await queue.SendMessageAsync(Json.Serialize(new RunFinalizeMessage(run.Id)), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(ManagerDealsSummary Summary, TokenUsage Usage)> AnalyzeAsync(ManagerWorkMessage message, CancellationToken cancellationToken)
    {
        var manager = await managers.GetAsync(message.ManagerId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Manager {message.ManagerId} no longer exists.");
        var open = await deals.ListOpenByManagerAsync(manager.Id, cancellationToken).ConfigureAwait(false);

        var lines = new List<DealSummaryLine>(open.Count);
        var usage = TokenUsage.None;
        foreach (var deal in open)
        {
            var analysis = await analyzeDeal.AnalyzeAsync(manager, deal, message.RunId, cancellationToken).ConfigureAwait(false);
            usage = usage.Add(analysis.Record.Usage);
            var advice = analysis.Record.Advice;
            lines.Add(new DealSummaryLine(deal.Id, deal.Name, deal.Budget, deal.Currency, advice.Priority,
                advice.ConversionProbability, analysis.Record.Metrics.DaysSinceLastActivity, advice.ActionItems.FirstOrDefault()?.Title));
            if (advice.Priority == Priority.High)
            {
                await outbox.EnqueueAsync(AnalyzeDeal.CardMessages(analysis, $"run-{message.RunId}-deal-{deal.Id}"), cancellationToken).ConfigureAwait(false);
            }
        }

        var summary = new ManagerDealsSummary(
            lines.Count,
            lines.Count(l => l.Priority == Priority.High),
            lines.Count(l => l.Priority == Priority.Medium),
            lines.Count(l => l.Priority == Priority.Low),
            CoachingCardFormatter.RankedDeals(lines).Take(SummaryLines).ToList());
        return (summary, usage);
    }
}
