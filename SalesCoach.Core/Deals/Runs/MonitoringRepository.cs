// Owns periodic monitoring's state, shared by every instance.
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals.Runs;

/// <summary>Seed 000 periodic monitoring: whether it runs, how often, and when it ran and runs next.</summary>
public sealed record MonitoringState
{
    public bool IsRunning { get; init; }
    public int? IntervalHours { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? StoppedAt { get; init; }
    public DateTimeOffset? LastRunAt { get; init; }
    public string? LastRunId { get; init; }
    public DateTimeOffset? NextRunAt { get; init; }

    public static MonitoringState Stopped { get; } = new();
}

/// <summary>One row holds the monitoring state, so it survives restarts and is shared by every instance.</summary>
public sealed class MonitoringRepository(StorageAccount storage)
{
    private const string TableName = "monitoring";
    private const string Partition = "monitoring";
    private const string Row = "state";

    public async Task<(MonitoringState State, ETag? ETag)> GetAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(Partition, Row, cancellationToken).ConfigureAwait(false);
        return entity is null ? (MonitoringState.Stopped, null) : (FromEntity(entity), entity.ETag);
    }

    public async Task SaveAsync(MonitoringState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await table.UpsertEntityAsync(ToEntity(state), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the state only if nobody changed it since <paramref name="etag"/> was read.</summary>
    public async Task<bool> TrySaveAsync(MonitoringState state, ETag etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        try
        {
            await table.UpdateEntityAsync(ToEntity(state), etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            return false;
        }
    }

    private static TableEntity ToEntity(MonitoringState state) => new(Partition, Row)
    {
        ["IsRunning"] = state.IsRunning,
        ["IntervalHours"] = state.IntervalHours,
        ["StartedAt"] = state.StartedAt,
        ["StoppedAt"] = state.StoppedAt,
        ["LastRunAt"] = state.LastRunAt,
        ["LastRunId"] = state.LastRunId,
        ["NextRunAt"] = state.NextRunAt,
    };

    private static MonitoringState FromEntity(TableEntity entity) => new()
    {
        IsRunning = entity.GetBoolean("IsRunning") ?? false,
        IntervalHours = entity.GetInt32("IntervalHours"),
        StartedAt = entity.GetDateTimeOffset("StartedAt"),
        StoppedAt = entity.GetDateTimeOffset("StoppedAt"),
        LastRunAt = entity.GetDateTimeOffset("LastRunAt"),
        LastRunId = entity.GetString("LastRunId"),
        NextRunAt = entity.GetDateTimeOffset("NextRunAt"),
    };
}
