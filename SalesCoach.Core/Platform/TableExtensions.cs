// Owns table Storage helpers: find, query, batched upserts, write-if-newer.
using Azure;
using Azure.Data.Tables;

namespace SalesCoach.Core.Platform;

internal static class TableExtensions
{
    public static async Task<TableEntity?> FindAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    public static async Task<List<T>> QueryListAsync<T>(this TableClient table, string filter, Func<TableEntity, T> map, CancellationToken cancellationToken)
    {
        var results = new List<T>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            results.Add(map(entity));
        }
        return results;
    }

    /// <summary>Writes entities of one partition in transactions of at most 100 operations (the service limit).</summary>
    public static async Task UpsertBatchedAsync(this TableClient table, IEnumerable<TableEntity> entities, CancellationToken cancellationToken)
    {
        foreach (var partition in entities.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                var actions = chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e));
                await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="entity"/> unless the stored one has a newer <paramref name="versionProperty"/>:
    /// out-of-order deliveries never overwrite newer data. Add first (the common, new case costs one
    /// request); on a conflict compare and replace under the stored ETag, retrying if it moved meanwhile.
    /// Returns false when the stored row was newer (or as new) and was left alone.
    /// </summary>
    public static async Task<bool> WriteIfNewerAsync(this TableClient table, TableEntity entity, DateTimeOffset version, string versionProperty, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when (e.IsConflict())
            {
            }
            var stored = await table.FindAsync(entity.PartitionKey, entity.RowKey, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                continue; // deleted in between: add again
            }
            if (stored.GetDateTimeOffset(versionProperty) is { } storedVersion && storedVersion >= version)
            {
                return false;
            }
            try
            {
                await table.UpdateEntityAsync(entity, stored.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when (e.IsPreconditionFailed() && attempt < 10)
            {
            }
        }
    }

    public static DateTimeOffset RequiredDate(this TableEntity entity, string name) =>
        entity.GetDateTimeOffset(name) ?? throw new InvalidOperationException($"Stored entity {entity.PartitionKey}/{entity.RowKey} lacks '{name}'.");

    public static string RequiredString(this TableEntity entity, string name) =>
        entity.GetString(name) ?? throw new InvalidOperationException($"Stored entity {entity.PartitionKey}/{entity.RowKey} lacks '{name}'.");

    public static bool IsPreconditionFailed(this RequestFailedException exception) => exception.Status == 412;

    public static bool IsConflict(this RequestFailedException exception) => exception.Status == 409;
}
