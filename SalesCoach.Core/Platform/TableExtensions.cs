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

    /// <summary>
    /// Deletes every entity <paramref name="filter"/> selects (only their keys are read), a partition's in
    /// transactions of at most 100; returns how many went. An entity deleted meanwhile by someone else is no error.
    /// </summary>
    public static async Task<int> DeleteWhereAsync(this TableClient table, string filter, CancellationToken cancellationToken)
    {
        var keys = new List<(string Partition, string Row)>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add((entity.PartitionKey, entity.RowKey));
        }
        foreach (var chunk in Transactions(keys, k => k.Partition))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(k.Partition, k.Row), ETag.All)), cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                // One of them went meanwhile, which fails the whole transaction: delete them one by one.
                foreach (var (partition, row) in chunk)
                {
                    await table.DeleteEntityAsync(partition, row, ETag.All, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        return keys.Count;
    }

    /// <summary>Writes entities of one partition in transactions of at most 100 operations (the service limit).</summary>
    public static async Task UpsertBatchedAsync(this TableClient table, IEnumerable<TableEntity> entities, CancellationToken cancellationToken)
    {
        foreach (var chunk in Transactions(entities, e => e.PartitionKey))
        {
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Items grouped as table transactions allow: one partition each, at most 100 operations (the service limits).</summary>
    public static IEnumerable<T[]> Transactions<T>(IEnumerable<T> items, Func<T, string> partition) =>
        items.GroupBy(partition, StringComparer.Ordinal).SelectMany(g => g.Chunk(100));

    /// <summary>
    /// Writes <paramref name="entity"/> unless the stored one has a newer <paramref name="versionProperty"/>:
    /// out-of-order deliveries never overwrite newer data. Two orders of requests, the same outcome: when
    /// rows are usually new, add first (one request; a conflict falls back to compare); when they usually
    /// exist (a re-import, updates), read the stored version first (one request, and no write at all for
    /// a repeat). <paramref name="hint"/> learns which case is common. A concurrent writer is compared
    /// against again. Returns false when the stored row was newer (or as new) and was left alone.
    /// </summary>
    public static async Task<bool> WriteIfNewerAsync(this TableClient table, TableEntity entity, DateTimeOffset version, string versionProperty, ExistingRowsHint hint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hint);
        var readFirst = hint.MostlyExisting;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (!readFirst)
                {
                    await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                    hint.Observe(existed: false);
                    return true;
                }
                var response = await table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, [versionProperty], cancellationToken).ConfigureAwait(false);
                hint.Observe(existed: response.HasValue);
                if (!response.HasValue)
                {
                    await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                    return true;
                }
                var stored = response.Value!;
                if (stored.GetDateTimeOffset(versionProperty) is { } storedVersion && storedVersion >= version)
                {
                    return false;
                }
                await table.UpdateEntityAsync(entity, stored.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when ((e.IsConflict() || e.IsPreconditionFailed()) && attempt < 10)
            {
                // The row exists (or moved since it was read): compare with what is stored now.
                hint.Observe(existed: true);
                readFirst = true;
            }
        }
    }

    public static DateTimeOffset RequiredDate(this TableEntity entity, string name) =>
        entity.GetDateTimeOffset(name) ?? throw new InvalidOperationException($"Stored entity {entity.PartitionKey}/{entity.RowKey} lacks '{name}'.");

    public static string RequiredString(this TableEntity entity, string name) =>
        entity.GetString(name) ?? throw new InvalidOperationException($"Stored entity {entity.PartitionKey}/{entity.RowKey} lacks '{name}'.");

    /// <summary>Table Storage keeps a string property up to 64 KiB (32K UTF-16 characters); longer text is split over Name0, Name1, ….</summary>
    public const int ChunkLength = 30_000;

    /// <summary>Stores <paramref name="value"/> in as many properties as it needs (an entity holds 1 MiB in all).</summary>
    public static void SetChunked(this TableEntity entity, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(value);
        var chunks = (value.Length + ChunkLength - 1) / ChunkLength;
        entity[name + "Chunks"] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            entity[name + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = value.Substring(i * ChunkLength, Math.Min(ChunkLength, value.Length - i * ChunkLength));
        }
    }

    public static string GetChunked(this TableEntity entity, string name)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var chunks = entity.GetInt32(name + "Chunks") ?? throw new InvalidOperationException($"Entity {entity.PartitionKey}/{entity.RowKey} has no {name}.");
        return string.Concat(Enumerable.Range(0, chunks).Select(i => entity.RequiredString(name + i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    public static bool IsPreconditionFailed(this RequestFailedException exception) => exception.Status == 412;

    public static bool IsConflict(this RequestFailedException exception) => exception.Status == 409;
}

/// <summary>
/// Whether recent conditional writes to a table found their row already there (a moving average), so
/// <see cref="TableExtensions.WriteIfNewerAsync"/> can ask in the cheaper order. A hint only: either
/// order gives the same result.
/// </summary>
public sealed class ExistingRowsHint
{
    private int percent;

    public bool MostlyExisting => Volatile.Read(ref percent) >= 50;

    public void Observe(bool existed)
    {
        int current, next;
        do
        {
            current = Volatile.Read(ref percent);
            next = (current * 7 + (existed ? 100 : 0)) / 8;
        }
        while (Interlocked.CompareExchange(ref percent, next, current) != current);
    }
}
