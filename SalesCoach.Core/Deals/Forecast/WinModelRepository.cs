// Owns the win model table: the model in use with its evaluation, and the history of fits.
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals.Forecast;

/// <summary>One feature's weight in the model in use (standardised: comparable across features).</summary>
public sealed record FeatureWeight(string Feature, double Weight);

/// <summary>What the last fit found: which probability cards show, on how much history, and how well it did on a later holdout.</summary>
public sealed record WinModelReport
{
    public const string ModelStatus = "model";
    public const string RulesStatus = "rules";

    /// <summary>"model" when cards show the fitted model's probability, "rules" when they show the rule score as an estimate.</summary>
    public required string Status { get; init; }
    public string? Reason { get; init; }
    public required DateTimeOffset FittedAt { get; init; }
    public string? ModelId { get; init; }
    public required int ClosedDeals { get; init; }
    public required int Won { get; init; }
    public required int Lost { get; init; }
    public required int OpenDeals { get; init; }
    public required int MinClosedDeals { get; init; }
    public int TrainingRows { get; init; }
    public HoldoutEvaluation? Evaluation { get; init; }
    public string? EvaluationNote { get; init; }
    public IReadOnlyList<FeatureWeight> Weights { get; init; } = [];
    public required TeamNorms Norms { get; init; }
}

/// <summary>The report and, when the team has enough history, the model itself.</summary>
public sealed record StoredWinModel(WinModelReport Report, WinModel? Model);

/// <summary>Table "winmodels": partition "current" holds the model in use; partition "history" one report per fit, newest first.</summary>
public sealed class WinModelRepository(StorageAccount storage)
{
    private const string TableName = "winmodels";
    private const string Current = "current";
    private const string History = "history";

    public async Task SaveAsync(StoredWinModel stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var report = Json.Serialize(stored.Report);
        var history = new TableEntity(History, Keys.NewestFirst(stored.Report.FittedAt)) { ["Status"] = stored.Report.Status };
        history.SetChunked("Report", report);
        await table.UpsertEntityAsync(history, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

        var current = new TableEntity(Current, "model") { ["Status"] = stored.Report.Status, ["FittedAt"] = stored.Report.FittedAt };
        current.SetChunked("Report", report);
        if (stored.Model is { } model)
        {
            current.SetChunked("Model", Json.Serialize(model));
        }
        await table.UpsertEntityAsync(current, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The model in use, or null before the first fit.</summary>
    public async Task<StoredWinModel?> GetAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(Current, "model", cancellationToken).ConfigureAwait(false);
        if (entity is null)
        {
            return null;
        }
        var report = Json.Deserialize<WinModelReport>(entity.GetChunked("Report"));
        var model = entity.GetInt32("ModelChunks") is null ? null : Json.Deserialize<WinModel>(entity.GetChunked("Model"));
        return new StoredWinModel(report, model);
    }

    /// <summary>Reports of earlier fits, newest first.</summary>
    public async Task<IReadOnlyList<WinModelReport>> ListHistoryAsync(int limit, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var reports = new List<WinModelReport>();
        await foreach (var entity in table.QueryAsync<TableEntity>($"PartitionKey eq '{History}'", maxPerPage: limit, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            reports.Add(Json.Deserialize<WinModelReport>(entity.GetChunked("Report")));
            if (reports.Count >= limit)
            {
                break;
            }
        }
        return reports;
    }
}
