// Owns each CRM source's pull state (cursor, last outcome, counts) and the ICrmSource seam.
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.Sync;

public enum SyncStatus
{
    Never,
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>Where one source's pull stands: the incremental cursor, the last outcome, and what it wrote.</summary>
public sealed record SyncState
{
    public required string Source { get; init; }
    public SyncStatus Status { get; init; } = SyncStatus.Never;
    /// <summary>Source-specific resume point (amoCRM: the newest updated_at seen, Unix seconds).</summary>
    public string? Cursor { get; init; }
    public DateTimeOffset? LastStartedAt { get; init; }
    public DateTimeOffset? LastCompletedAt { get; init; }
    public DateTimeOffset? LastSucceededAt { get; init; }
    public string? LastError { get; init; }
    public WriteCounts LastCounts { get; init; } = WriteCounts.None;
    /// <summary>Records the source sent that failed validation and were left out.</summary>
    public int LastRejected { get; init; }
}

/// <summary>Sync state per source, one row each; changes are ETag-guarded so two pulls of one source never overlap.</summary>
public sealed class SyncRepository(StorageAccount storage)
{
    private const string TableName = "sync";
    private const string Partition = "sync";

    public async Task<(SyncState State, ETag? ETag)> GetAsync(string source, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(Partition, source, cancellationToken).ConfigureAwait(false);
        return entity is null ? (new SyncState { Source = source }, null) : (Json.Deserialize<SyncState>(entity.RequiredString("StateJson")), entity.ETag);
    }

    /// <summary>Saves under <paramref name="etag"/> (null: only if no row exists yet); false if someone else changed it.</summary>
    public async Task<bool> TrySaveAsync(SyncState state, ETag? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = new TableEntity(Partition, state.Source) { ["StateJson"] = Json.Serialize(state) };
        try
        {
            if (etag is { } current)
            {
                await table.UpdateEntityAsync(entity, current, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            }
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsConflict())
        {
            return false;
        }
    }

    /// <summary>Unconditional save, for the end of a run that holds the claim.</summary>
    public async Task SaveAsync(SyncState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(Partition, state.Source) { ["StateJson"] = Json.Serialize(state) }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>A CRM that SalesCoach pulls from. Adding a CRM means adding one folder with one of these.</summary>
public interface ICrmSource
{
    /// <summary>Lower-case name used in routes and state ("amocrm", "retailcrm").</summary>
    string Name { get; }

    bool IsConfigured { get; }

    /// <summary>
    /// Pulls everything changed since <paramref name="cursor"/>, handing normalized batches to
    /// <paramref name="write"/> as it goes; returns the cursor to resume from and the number of
    /// records rejected by validation.
    /// </summary>
    Task<(string? Cursor, int Rejected)> PullAsync(string? cursor, Func<CrmBatch, Task> write, CancellationToken cancellationToken);
}
