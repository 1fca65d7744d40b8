// Owns one manager's share of a team run: analyse every open deal, queue the high-priority cards, return the summary.
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Deals.Coaching;

namespace SalesCoach.Core.Deals.Runs;

/// <summary>
/// The team run's per-manager activity. Safe to run again (Durable delivers an activity at least
/// once): analyses are cached by deal content and cards have deterministic outbox ids, so a repeat
/// queues nothing new. Cards for high-priority deals are queued here, as seed 000's periodic
/// monitoring does; the summary goes back to the orchestration and is queued after the fan-in.
/// </summary>
public sealed class AnalyzeManagerDeals(
    ManagerRepository managers,
    DealRepository deals,
    AnalyzeDeal analyzeDeal,
    OutboxRepository outbox,
    ILogger<AnalyzeManagerDeals> logger)
{
    /// <summary>How many deal lines the summary keeps (the orchestration carries them to the fan-in).</summary>
    public const int SummaryLines = 50;

    public async Task<ManagerRunResult> RunAsync(ManagerRunInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var manager = await managers.GetAsync(input.ManagerId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Manager {input.ManagerId} no longer exists.");
        var open = await deals.ListOpenByManagerAsync(manager.Id, cancellationToken).ConfigureAwait(false);

        var lines = new List<DealSummaryLine>(open.Count);
        var usage = TokenUsage.None;
        foreach (var deal in open)
        {
            var analysis = await analyzeDeal.AnalyzeAsync(manager, deal, input.RunId, cancellationToken).ConfigureAwait(false);
            usage = usage.Add(analysis.Record.Usage);
            var advice = analysis.Record.Advice;
            lines.Add(new DealSummaryLine(deal.Id, deal.Name, deal.Budget, deal.Currency, advice.Priority,
                advice.ConversionProbability, analysis.Record.Metrics.DaysSinceLastActivity, advice.ActionItems.FirstOrDefault()?.Title));
            if (advice.Priority == Priority.High)
            {
                await outbox.EnqueueAsync(AnalyzeDeal.CardMessages(analysis, $"run-{input.RunId}-deal-{deal.Id}"), cancellationToken).ConfigureAwait(false);
            }
        }

        var summary = new ManagerDealsSummary(
            lines.Count,
            lines.Count(l => l.Priority == Priority.High),
            lines.Count(l => l.Priority == Priority.Medium),
            lines.Count(l => l.Priority == Priority.Low),
            CoachingCardFormatter.RankedDeals(lines).Take(SummaryLines).ToList());
        logger.LogInformation("Run {RunId} manager {ManagerId}: {Deals} open deals analysed", input.RunId, manager.Id, lines.Count);
        return new ManagerRunResult(summary, usage);
    }
}
