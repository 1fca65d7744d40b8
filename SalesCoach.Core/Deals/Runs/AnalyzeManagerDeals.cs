// Owns one manager's share of a team run: rank every open deal, coach and card the few with the most at stake, store the rest as lines.
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;

namespace SalesCoach.Core.Deals.Runs;

/// <summary>
/// The team run's per-manager activity. Every open deal is assessed (rule advice, win probability,
/// risk of loss) and ranked by value at risk; the ranking is stored for "and N more". Only the top
/// <see cref="AttentionOptions.MaxCardsPerRun"/> deals that deserve a card (urgent by the rules or at
/// high risk) are coached in full (the LLM when configured) and carded; every other deal is stored with
/// its rule advice and is one line of the summary, which goes back to the orchestration and is queued
/// after the fan-in. Safe to run again (Durable delivers an activity at least once): LLM answers are
/// cached by deal content and cards have deterministic outbox ids, so a repeat queues nothing new.
/// </summary>
public sealed class AnalyzeManagerDeals(
    ManagerRepository managers,
    DealRankings rankings,
    AnalyzeDeal analyzeDeal,
    OutboxRepository outbox,
    AttentionOptions attention,
    ILogger<AnalyzeManagerDeals> logger)
{
    public async Task<ManagerRunResult> RunAsync(ManagerRunInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Every line logged for this manager's share of the run carries both ids.
        using var scope = logger.BeginScope("Run {RunId} manager {ManagerId}", input.RunId, input.ManagerId);
        var manager = await managers.GetAsync(input.ManagerId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Manager {input.ManagerId} no longer exists.");
        var ranked = await rankings.RankAsync(manager, input.RunId, cancellationToken).ConfigureAwait(false);
        var carded = ranked.Where(a => a.IsCandidateForCard).Take(attention.MaxCardsPerRun).Select(a => a.Deal.Id).ToHashSet(StringComparer.Ordinal);

        var analyses = new DealAnalysis[ranked.Count];
        await Parallel.ForAsync(0, ranked.Count, new ParallelOptions { MaxDegreeOfParallelism = attention.Parallelism, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var assessment = ranked[i];
            analyses[i] = carded.Contains(assessment.Deal.Id)
                ? await analyzeDeal.CoachAsync(assessment, input.RunId, token).ConfigureAwait(false)
                : await analyzeDeal.StoreRuleAdviceAsync(assessment, input.RunId, token).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var usage = TokenUsage.None;
        foreach (var analysis in analyses)
        {
            usage = usage.Add(analysis.Record.Usage);
        }
        // Cards in attention order, so the most important one arrives first.
        foreach (var analysis in analyses.Where(a => carded.Contains(a.Deal.Id)))
        {
            await outbox.EnqueueAsync(AnalyzeDeal.CardMessages(analysis, $"run-{input.RunId}-deal-{analysis.Deal.Id}"), cancellationToken).ConfigureAwait(false);
        }

        var first = ranked.FirstOrDefault();
        var summary = new ManagerDealsSummary(
            ranked.Count,
            ranked.Count(a => a.Risk.Level == RiskLevel.High),
            ranked.Count(a => a.Risk.Level == RiskLevel.Medium),
            ranked.Count(a => a.Risk.Level == RiskLevel.Low),
            ranked.Take(attention.SummaryLines).Select(Line).ToList())
        {
            CardsSent = carded.Count,
            Language = first?.Context.Language ?? Platform.Languages.Russian,
            ProbabilitySource = first?.Forecast.Source ?? Forecast.ForecastSources.Rules,
        };
        logger.LogInformation("Run {RunId} manager {ManagerId}: {Deals} open deals ranked, {Cards} cards", input.RunId, manager.Id, ranked.Count, carded.Count);
        return new ManagerRunResult(summary, usage);
    }

    private static DealSummaryLine Line(DealAssessment assessment) => new(
        assessment.Deal.Id, assessment.Deal.Name, assessment.Deal.Budget, assessment.Deal.Currency,
        assessment.Risk.Level, assessment.Risk.Describe(assessment.Context.Texts),
        assessment.Forecast.Percent, assessment.ValueAtRisk, assessment.RuleAdvice.ActionItems.FirstOrDefault()?.Title);
}
