// Owns judging one open deal for attention: rule advice, win probability and its source, risk of loss, value at risk.
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Deals.Forecast;
using SalesCoach.Core.Managers;

namespace SalesCoach.Core.Deals;

/// <summary>
/// One open deal as the coach ranks it. <see cref="ValueAtRisk"/> = value × win probability × risk of
/// loss: the money a manager stands to lose by looking away, which orders cards and summaries.
/// </summary>
public sealed record DealAssessment(DealContext Context, CoachingAdvice RuleAdvice, WinForecast Forecast, DealRisk Risk)
{
    public Deal Deal => Context.Deal;

    public decimal ValueAtRisk => Math.Round(Deal.Budget * (decimal)Forecast.Probability * (decimal)Risk.Score, 2);

    /// <summary>Deserves a detailed card when the rules call it urgent or its risk of loss is high.</summary>
    public bool IsCandidateForCard => RuleAdvice.Priority == Priority.High || Risk.Level == RiskLevel.High;
}

/// <summary>Builds <see cref="DealAssessment"/>s with the team's model and norms in use.</summary>
public sealed class DealAssessor(
    ActivityRepository activities,
    WinModels models,
    RuleCoach rules,
    RuleCoachOptions options,
    LanguageOptions languages,
    TimeProvider time)
{
    public async Task<DealAssessment> AssessAsync(Manager manager, Deal deal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deal);
        var history = await activities.ListByDealAsync(deal.Id, cancellationToken).ConfigureAwait(false);
        var model = await models.CurrentAsync(cancellationToken).ConfigureAwait(false);
        return Assess(manager, deal, history, model, time.GetUtcNow());
    }

    /// <summary>Assesses many deals of one manager, loading their histories <paramref name="parallelism"/> at a time.</summary>
    public async Task<List<DealAssessment>> AssessAllAsync(Manager manager, IReadOnlyList<Deal> deals, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deals);
        var model = await models.CurrentAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var results = new DealAssessment[deals.Count];
        await Parallel.ForAsync(0, deals.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken }, async (i, token) =>
        {
            var history = await activities.ListByDealAsync(deals[i].Id, token).ConfigureAwait(false);
            results[i] = Assess(manager, deals[i], history, model, now);
        }).ConfigureAwait(false);
        return [.. results];
    }

    public DealAssessment Assess(Manager manager, Deal deal, IReadOnlyList<Activity> history, StoredWinModel? stored, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(deal);
        ArgumentNullException.ThrowIfNull(history);
        var metrics = DealMetrics.Calculate(deal, history, now);
        var context = new DealContext(manager, deal, history, metrics, now)
        {
            Norms = stored?.Report.Norms ?? TeamNorms.Unknown,
            Language = languages.For(manager),
        };
        var advice = rules.Advise(context);
        var forecast = stored?.Model is { } model
            ? new WinForecast(Math.Round(model.Predict(new WinInputs(deal.Stage, deal.Product, deal.Budget, metrics, model.ManagerWinRate(manager.Id))), 4), ForecastSources.Model, model.Id)
            : new WinForecast(advice.ConversionProbability / 100.0, ForecastSources.Rules);
        return new DealAssessment(context, advice, forecast, DealRisk.Assess(context, options));
    }

    /// <summary>
    /// The attention order: most value at risk first, then the higher risk, the bigger deal, the longer
    /// in its stage, then by name and client. Never by id: an id says nothing to a manager.
    /// </summary>
    public static IEnumerable<DealAssessment> Ranked(IEnumerable<DealAssessment> assessments) => assessments
        .OrderByDescending(a => a.ValueAtRisk)
        .ThenByDescending(a => a.Risk.Score)
        .ThenByDescending(a => a.Deal.Budget)
        .ThenByDescending(a => a.Context.Metrics.DaysInCurrentStage)
        .ThenBy(a => a.Deal.Name, StringComparer.CurrentCulture)
        .ThenBy(a => a.Deal.ClientName ?? "", StringComparer.CurrentCulture)
        .ThenByDescending(a => a.Deal.CreatedAt);
}
