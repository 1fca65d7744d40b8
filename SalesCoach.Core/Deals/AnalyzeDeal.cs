// Owns analysing one deal: metrics, advice, stored analysis, card.
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals;

/// <summary>The result of analysing one deal.</summary>
public sealed record DealAnalysis(Manager Manager, Deal Deal, AnalysisRecord Record);

/// <summary>Seed 000 "analyze single deal": load, compute metrics, coach, store, optionally queue the card.</summary>
public sealed class AnalyzeDeal(
    DealRepository deals,
    ManagerRepository managers,
    ActivityRepository activities,
    AnalysisRepository analyses,
    OutboxRepository outbox,
    ICoach coach,
    TimeProvider time)
{
    public async Task<(DealAnalysis Analysis, int QueuedMessages)> RunAsync(string dealId, bool notify, CancellationToken cancellationToken)
    {
        Keys.RequireId(dealId, "dealId");
        var deal = await deals.GetAsync(dealId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Deal", dealId);
        var manager = await managers.GetAsync(deal.ManagerId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Manager", deal.ManagerId);

        var analysis = await AnalyzeAsync(manager, deal, runId: null, cancellationToken).ConfigureAwait(false);
        var queued = 0;
        if (notify)
        {
            queued = await outbox.EnqueueAsync(CardMessages(analysis, $"deal-{deal.Id}-{analysis.Record.Id}"), cancellationToken).ConfigureAwait(false);
        }
        return (analysis, queued);
    }

    /// <summary>Analyses a deal that is already loaded and stores the result.</summary>
    public async Task<DealAnalysis> AnalyzeAsync(Manager manager, Deal deal, string? runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(deal);
        var now = time.GetUtcNow();
        var history = await activities.ListByDealAsync(deal.Id, cancellationToken).ConfigureAwait(false);
        var metrics = DealMetrics.Calculate(deal, history, now);
        var outcome = await coach.AdviseAsync(new DealContext(manager, deal, history, metrics, now), cancellationToken).ConfigureAwait(false);
        var record = new AnalysisRecord
        {
            Id = AnalysisRepository.NewId(now),
            DealId = deal.Id,
            ManagerId = manager.Id,
            RunId = runId,
            CreatedAt = now,
            Metrics = metrics,
            Advice = outcome.Advice,
            Usage = outcome.Usage,
        };
        await analyses.AddAsync(record, cancellationToken).ConfigureAwait(false);
        return new DealAnalysis(manager, deal, record);
    }

    /// <summary>The detailed card as outbox messages (one per 4096-character part), with ids derived from <paramref name="idPrefix"/>.</summary>
    public static IEnumerable<OutboxMessage> CardMessages(DealAnalysis analysis, string idPrefix)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var html = CoachingCardFormatter.DealCard(analysis.Manager, analysis.Deal, analysis.Record.Metrics, analysis.Record.Advice, analysis.Record.CreatedAt);
        return OutboxMessages.FromHtml(analysis.Manager, OutboxKind.DealCard, html, idPrefix, analysis.Record.CreatedAt, analysis.Record.RunId, analysis.Deal.Id);
    }
}
