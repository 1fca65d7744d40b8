// Owns the count of GREEN-API notification types this code does not know, one table row per typeWebhook.
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.GreenApi;

/// <summary>How often an unknown typeWebhook arrived, and when first and last.</summary>
public sealed record UnknownWebhookType(string TypeWebhook, long Count, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt);

/// <summary>
/// Unknown typeWebhook values are acknowledged (GREEN-API resends a refused notification every minute for
/// a day) and counted here, so a new notification type shows up as a number instead of a day of retries.
/// </summary>
public sealed class GreenApiTypeCounter(StorageAccount storage)
{
    private const string TableName = "greenapiunknowntypes";
    private const string Partition = "typeWebhook";

    /// <summary>Adds one to <paramref name="typeWebhook"/>'s count (under its row's ETag); returns the new count.</summary>
    public async Task<long> CountAsync(string typeWebhook, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var entity = await table.FindAsync(Partition, typeWebhook, cancellationToken).ConfigureAwait(false);
            try
            {
                if (entity is null)
                {
                    await table.AddEntityAsync(new TableEntity(Partition, typeWebhook) { ["Count"] = 1L, ["FirstSeenAt"] = at, ["LastSeenAt"] = at }, cancellationToken).ConfigureAwait(false);
                    return 1;
                }
                var count = (entity.GetInt64("Count") ?? 0) + 1;
                entity["Count"] = count;
                entity["LastSeenAt"] = entity.GetDateTimeOffset("LastSeenAt") is { } last && last > at ? last : at;
                await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return count;
            }
            catch (RequestFailedException e) when ((e.IsConflict() || e.IsPreconditionFailed()) && attempt < 20)
            {
            }
        }
    }

    public async Task<IReadOnlyList<UnknownWebhookType>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var rows = await table.QueryListAsync($"PartitionKey eq {Keys.Literal(Partition)}", entity => new UnknownWebhookType(
            entity.RowKey,
            entity.GetInt64("Count") ?? 0,
            entity.RequiredDate("FirstSeenAt"),
            entity.RequiredDate("LastSeenAt")), cancellationToken).ConfigureAwait(false);
        return rows;
    }
}
