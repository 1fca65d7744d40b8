// Owns the analyses table: every analysis of a deal, newest first.
using Azure.Data.Tables;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Deals.Forecast;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals;

/// <summary>One stored analysis of one deal at one moment.</summary>
public sealed record AnalysisRecord
{
    public required string Id { get; init; }
    public required string DealId { get; init; }
    public required string ManagerId { get; init; }
    public string? RunId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DealMetrics Metrics { get; init; }
    public required CoachingAdvice Advice { get; init; }
    public CoachingUsage Usage { get; init; } = CoachingUsage.None;
    /// <summary>The win probability shown and where it came from (null on analyses stored before forecasts existed).</summary>
    public WinForecast? Forecast { get; init; }
    public DealRisk? Risk { get; init; }
    /// <summary>Value × win probability × risk of loss, in the deal's currency.</summary>
    public decimal? ValueAtRisk { get; init; }
    /// <summary>The language the advice is written in.</summary>
    public string? Language { get; init; }

    /// <summary>The probability shown: the forecast's, else (older analyses) the advice's own.</summary>
    public WinForecast ShownForecast => Forecast ?? new WinForecast(Advice.ConversionProbability / 100.0,
        Advice.Source == RuleCoach.SourceName ? ForecastSources.Rules : ForecastSources.Llm);
}

/// <summary>Analyses per deal, newest first (row key = inverted ticks).</summary>
public sealed class AnalysisRepository(StorageAccount storage)
{
    private const string TableName = "analyses";

    public static string NewId(DateTimeOffset at) => $"{Keys.NewestFirst(at)}-{Guid.NewGuid():N}"[..32];

    public async Task AddAsync(AnalysisRecord analysis, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = new TableEntity(analysis.DealId, analysis.Id)
        {
            ["ManagerId"] = analysis.ManagerId,
            ["RunId"] = analysis.RunId,
            ["CreatedAt"] = analysis.CreatedAt,
            ["Priority"] = analysis.Advice.Priority.ToString(),
            ["ConversionProbability"] = analysis.Advice.ConversionProbability,
            ["Source"] = analysis.Advice.Source,
            ["MetricsJson"] = Json.Serialize(analysis.Metrics),
            ["AdviceJson"] = Json.Serialize(analysis.Advice),
            ["PromptTokens"] = analysis.Usage.PromptTokens,
            ["CompletionTokens"] = analysis.Usage.CompletionTokens,
            ["LlmCalls"] = analysis.Usage.LlmCalls,
            ["CacheHit"] = analysis.Usage.CacheHit,
            ["ForecastJson"] = analysis.Forecast is null ? null : Json.Serialize(analysis.Forecast),
            ["RiskJson"] = analysis.Risk is null ? null : Json.Serialize(analysis.Risk),
            ["ValueAtRisk"] = analysis.ValueAtRisk is { } value ? (double)value : null,
            ["Language"] = analysis.Language,
        };
        await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AnalysisRecord?> GetLatestAsync(string dealId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await foreach (var entity in table.QueryAsync<TableEntity>($"PartitionKey eq {Keys.Literal(dealId)}", maxPerPage: 1, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            return FromEntity(entity);
        }
        return null;
    }

    /// <summary>Every analysis of a deal, newest first.</summary>
    public async Task<IReadOnlyList<AnalysisRecord>> ListByDealAsync(string dealId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        return await table.QueryListAsync($"PartitionKey eq {Keys.Literal(dealId)}", FromEntity, cancellationToken).ConfigureAwait(false);
    }

    private static AnalysisRecord FromEntity(TableEntity entity) => new()
    {
        Id = entity.RowKey,
        DealId = entity.PartitionKey,
        ManagerId = entity.RequiredString("ManagerId"),
        RunId = entity.GetString("RunId"),
        CreatedAt = entity.RequiredDate("CreatedAt"),
        Metrics = Json.Deserialize<DealMetrics>(entity.RequiredString("MetricsJson")),
        Advice = Json.Deserialize<CoachingAdvice>(entity.RequiredString("AdviceJson")),
        Usage = new CoachingUsage(
            entity.GetInt32("PromptTokens") ?? 0,
            entity.GetInt32("CompletionTokens") ?? 0,
            entity.GetInt32("LlmCalls") ?? 0,
            entity.GetBoolean("CacheHit") ?? false),
        Forecast = entity.GetString("ForecastJson") is { } forecast ? Json.Deserialize<WinForecast>(forecast) : null,
        Risk = entity.GetString("RiskJson") is { } risk ? Json.Deserialize<DealRisk>(risk) : null,
        ValueAtRisk = entity.GetDouble("ValueAtRisk") is { } value ? (decimal)value : null,
        Language = entity.GetString("Language"),
    };
}
