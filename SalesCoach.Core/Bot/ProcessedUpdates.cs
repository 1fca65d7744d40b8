// Owns the record of Telegram updates already handled, so a redelivered update_id is processed once.
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Bot;

public enum UpdateClaim
{
    /// <summary>This caller handles the update now.</summary>
    Claimed,
    /// <summary>Handled before: a redelivery, answered without acting again.</summary>
    Done,
    /// <summary>Another delivery of it is being handled right now.</summary>
    InProgress,
}

/// <summary>
/// Update ids seen, one row each: claimed ("processing") before the update is handled and marked "done" after.
/// A claim whose handler died (older than <see cref="StaleClaim"/>) is taken over; a handler that failed gives its
/// claim back, so Telegram's redelivery is handled afresh.
/// </summary>
public sealed class ProcessedUpdates(StorageAccount storage, TimeProvider time)
{
    public static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(2);
    private const string TableName = "botupdates";

    private static string Partition(long updateId) => "u" + (updateId / 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    private static string Row(long updateId) => updateId.ToString("D12", CultureInfo.InvariantCulture);

    public async Task<UpdateClaim> ClaimAsync(long updateId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var entity = new TableEntity(Partition(updateId), Row(updateId)) { ["State"] = "processing", ["ClaimedAt"] = now };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return UpdateClaim.Claimed;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
        }
        var existing = await table.FindAsync(entity.PartitionKey, entity.RowKey, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return await ClaimAsync(updateId, cancellationToken).ConfigureAwait(false);
        }
        if (existing.GetString("State") == "done")
        {
            return UpdateClaim.Done;
        }
        if (existing.GetDateTimeOffset("ClaimedAt") is { } claimedAt && now - claimedAt < StaleClaim)
        {
            return UpdateClaim.InProgress;
        }
        try
        {
            await table.UpdateEntityAsync(entity, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return UpdateClaim.Claimed;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            return UpdateClaim.InProgress;
        }
    }

    public async Task CompleteAsync(long updateId, string outcome, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(Partition(updateId), Row(updateId))
        {
            ["State"] = "done", ["ClaimedAt"] = time.GetUtcNow(), ["Outcome"] = outcome,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Forgets the updates last claimed or completed before <paramref name="before"/> (Telegram redelivers an
    /// update for a day at most, so weeks later none can come again); returns how many went.
    /// </summary>
    public async Task<int> DeleteClaimedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        return await table.DeleteWhereAsync(TableClient.CreateQueryFilter($"ClaimedAt lt {before}"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives a claim back after a failure, so the redelivery is handled.</summary>
    public async Task ReleaseAsync(long updateId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        try
        {
            await table.DeleteEntityAsync(Partition(updateId), Row(updateId), ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }
}
