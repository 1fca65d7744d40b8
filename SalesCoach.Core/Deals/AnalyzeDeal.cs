// Owns analysing one deal: metrics, advice, stored analysis, card.
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Deals.Forecast;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals;

/// <summary>The result of analysing one deal.</summary>
public sealed record DealAnalysis(Manager Manager, Deal Deal, AnalysisRecord Record);

/// <summary>Analyses one deal on demand: load, assess, coach, store, optionally queue the card.</summary>
public sealed class AnalyzeDeal(
    DealRepository deals,
    ManagerRepository managers,
    AnalysisRepository analyses,
    OutboxRepository outbox,
    DealAssessor assessor,
    ICoach coach)
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

    /// <summary>Assesses and coaches a deal that is already loaded, and stores the result.</summary>
    public async Task<DealAnalysis> AnalyzeAsync(Manager manager, Deal deal, string? runId, CancellationToken cancellationToken)
    {
        var assessment = await assessor.AssessAsync(manager, deal, cancellationToken).ConfigureAwait(false);
        return await CoachAsync(assessment, runId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the coach (the LLM when configured, else the rules) about an assessed deal and stores the analysis.</summary>
    public async Task<DealAnalysis> CoachAsync(DealAssessment assessment, string? runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var outcome = await coach.AdviseAsync(assessment.Context, cancellationToken).ConfigureAwait(false);
        return await StoreAsync(assessment, outcome, runId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores an assessed deal with its rule advice: no LLM call (a deal that is one line of a summary).</summary>
    public Task<DealAnalysis> StoreRuleAdviceAsync(DealAssessment assessment, string? runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        return StoreAsync(assessment, new CoachingOutcome(assessment.RuleAdvice, CoachingUsage.None), runId, cancellationToken);
    }

    private async Task<DealAnalysis> StoreAsync(DealAssessment assessment, CoachingOutcome outcome, string? runId, CancellationToken cancellationToken)
    {
        var context = assessment.Context;
        // The model's probability wins; without a model, an LLM's own estimate is shown as such.
        var forecast = assessment.Forecast.Source == ForecastSources.Model || outcome.Advice.Source == RuleCoach.SourceName
            ? assessment.Forecast
            : new WinForecast(outcome.Advice.ConversionProbability / 100.0, ForecastSources.Llm);
        var shown = assessment with { Forecast = forecast };
        var record = new AnalysisRecord
        {
            Id = AnalysisRepository.NewId(context.Now),
            DealId = context.Deal.Id,
            ManagerId = context.Manager.Id,
            RunId = runId,
            CreatedAt = context.Now,
            Metrics = context.Metrics,
            Advice = outcome.Advice,
            Usage = outcome.Usage,
            Forecast = forecast,
            Risk = assessment.Risk,
            ValueAtRisk = shown.ValueAtRisk,
            Language = context.Language,
        };
        await analyses.AddAsync(record, cancellationToken).ConfigureAwait(false);
        return new DealAnalysis(context.Manager, context.Deal, record);
    }

    /// <summary>The detailed card as outbox messages (one per 4096-character part), with ids derived from <paramref name="idPrefix"/>.</summary>
    public static IEnumerable<OutboxMessage> CardMessages(DealAnalysis analysis, string idPrefix)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var html = CoachingCardFormatter.DealCard(analysis.Manager, analysis.Deal, analysis.Record);
        return OutboxMessages.FromHtml(analysis.Manager, OutboxKind.DealCard, html, idPrefix, analysis.Record.CreatedAt, analysis.Record.RunId, analysis.Deal.Id);
    }
}
