// Owns the one-time claim of a deterministic run id, so two timer firings never start the same run.
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals.Runs;

/// <summary>
/// A run id chosen by a timer (daily-yyyyMMddHH, monitor-yyyyMMddHHmm) is claimed by inserting a row:
/// Table Storage lets exactly one insert of a key succeed. The Durable client's own duplicate check
/// reads then writes, so two concurrent starts can both pass it; this claim cannot.
/// </summary>
public sealed class RunClaims(StorageAccount storage, TimeProvider time)
{
    private const string TableName = "runclaims";
    private const string Partition = "run";

    /// <summary>True for the one caller that claims <paramref name="runId"/>; false for every other.</summary>
    public async Task<bool> TryClaimAsync(string runId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(new TableEntity(Partition, runId) { ["ClaimedAt"] = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            return false;
        }
    }

    /// <summary>Gives a claim back when the run could not be started, so a retry may start it.</summary>
    public async Task ReleaseAsync(string runId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await table.DeleteEntityAsync(Partition, runId, ETag.All, cancellationToken).ConfigureAwait(false);
    }
}
