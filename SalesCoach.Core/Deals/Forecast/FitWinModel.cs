// Owns fitting the team's win model from storage: read every deal once, learn the norms, judge on a holdout, fit, store.
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals.Forecast;

/// <summary>
/// Refits the win model on the team's whole history (the refit timer, the refit endpoint, and a team
/// run whose model is missing or old). Reads the deals and activities tables once each, in partition
/// order. The model is judged first on a time-ordered holdout (fitted on deals closed before
/// <c>holdoutFrom</c>, scored on those closed from it on), then refitted on every closed deal for use.
/// </summary>
public sealed class FitWinModel(
    DealRepository deals,
    ActivityRepository activities,
    WinModelRepository store,
    WinModelFitter fitter,
    WinModelOptions options,
    WinModels models,
    TimeProvider time,
    ILogger<FitWinModel> logger)
{
    public async Task<StoredWinModel> RunAsync(DateTimeOffset? holdoutFrom, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (holdoutFrom is { } requested && requested > now)
        {
            throw new InputValidationException("holdout_from", "'holdout_from' must not be in the future.");
        }

        var history = new Dictionary<string, List<Activity>>(StringComparer.Ordinal);
        await foreach (var (dealId, list) in activities.ScanByDealAsync(cancellationToken).ConfigureAwait(false))
        {
            history[dealId] = list;
        }
        var everything = new List<DealHistory>();
        await foreach (var deal in deals.ScanAsync(cancellationToken).ConfigureAwait(false))
        {
            everything.Add(new DealHistory(deal, history.GetValueOrDefault(deal.Id) ?? []));
        }
        var closed = everything.Where(h => h.Deal.Status != DealStatus.Open && h.Deal.ClosedAt is { } at && at <= now).ToList();
        var open = everything.Count(h => h.Deal.Status == DealStatus.Open);
        var norms = Norms(everything, _ => true);

        var holdoutStart = holdoutFrom ?? fitter.DefaultHoldoutFrom(closed);
        // The rule score is judged with the norms known before the holdout, like the model.
        var evaluation = closed.Count == 0 ? null
            : fitter.Evaluate(closed, holdoutStart, Norms(everything, h => h.Deal.CreatedAt < holdoutStart && (h.Deal.ClosedAt is not { } c || c < holdoutStart)));
        var id = $"wm-{now:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        var model = fitter.Fit(closed, now, id);
        var won = closed.Count(h => h.Deal.Status == DealStatus.Won);
        var report = new WinModelReport
        {
            Status = model is null ? WinModelReport.RulesStatus : WinModelReport.ModelStatus,
            Reason = model is null
                ? $"{closed.Count} closed deals; a model is fitted from {options.MinClosedDeals} on. Until then cards show the rule-based estimate."
                : null,
            FittedAt = now,
            ModelId = model?.Id,
            ClosedDeals = closed.Count,
            Won = won,
            Lost = closed.Count - won,
            OpenDeals = open,
            MinClosedDeals = options.MinClosedDeals,
            TrainingRows = model?.TrainingRows ?? 0,
            Evaluation = evaluation,
            EvaluationNote = evaluation is null
                ? $"No holdout evaluation: it needs at least {options.MinClosedDeals / 2} deals closed before {holdoutStart:yyyy-MM-dd} and {WinModelFitter.MinHoldoutDeals} closed from then on."
                : null,
            Weights = model is null ? [] : model.Columns
                .Select((column, i) => new FeatureWeight(column.Name, Math.Round(model.Coefficients[i + 1], 4)))
                .OrderByDescending(w => Math.Abs(w.Weight)).ThenBy(w => w.Feature, StringComparer.Ordinal)
                .ToList(),
            Norms = norms,
        };
        var stored = new StoredWinModel(report, model);
        await store.SaveAsync(stored, cancellationToken).ConfigureAwait(false);
        models.Use(stored);
        logger.LogInformation("Win model {Status}: {Closed} closed deals, holdout AUC {Auc}", report.Status, closed.Count, evaluation?.Model.Auc);
        return stored;
    }

    /// <summary>Fits when there is no model yet or it is older than <see cref="WinModelOptions.MaxAgeHours"/>; returns what is in use.</summary>
    public async Task<StoredWinModel> EnsureFreshAsync(CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(cancellationToken).ConfigureAwait(false);
        if (current is not null && time.GetUtcNow() - current.Report.FittedAt < TimeSpan.FromHours(options.MaxAgeHours))
        {
            models.Use(current);
            return current;
        }
        return await RunAsync(null, cancellationToken).ConfigureAwait(false);
    }

    private static TeamNorms Norms(IEnumerable<DealHistory> histories, Func<DealHistory, bool> include)
    {
        var builder = new TeamNormsBuilder();
        foreach (var history in histories.Where(include))
        {
            builder.Add(history.Deal, history.Activities);
        }
        return builder.Build();
    }
}

/// <summary>
/// The model and norms in use, read from storage at most every <see cref="RefreshInterval"/> (a run
/// assesses thousands of deals; a refit elsewhere reaches every instance within that interval).
/// </summary>
public sealed class WinModels(WinModelRepository store, TimeProvider time)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim gate = new(1, 1);
    private Snapshot? snapshot;

    /// <summary>The stored model, or null before the first fit (cards then show the rule-based estimate).</summary>
    public async Task<StoredWinModel?> CurrentAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref snapshot) is { } fresh && time.GetUtcNow() - fresh.ReadAt < RefreshInterval)
        {
            return fresh.Stored;
        }
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref snapshot) is { } again && time.GetUtcNow() - again.ReadAt < RefreshInterval)
            {
                return again.Stored;
            }
            var stored = await store.GetAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref snapshot, new Snapshot(stored, time.GetUtcNow()));
            return stored;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Takes a model just fitted or read into use at once.</summary>
    public void Use(StoredWinModel stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        Volatile.Write(ref snapshot, new Snapshot(stored, time.GetUtcNow()));
    }

    private sealed record Snapshot(StoredWinModel? Stored, DateTimeOffset ReadAt);
}
