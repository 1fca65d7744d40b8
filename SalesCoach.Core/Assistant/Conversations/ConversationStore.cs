// Owns the conversations table (one row per client, optimistic concurrency) and the due-nudge index (rows keyed by due time).
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Assistant.Conversations;

/// <summary>A due-nudge index row: the conversation it points at and when its nudge is due.</summary>
public sealed record DueNudge(string RowKey, string ConversationKey, DateTimeOffset DueAt);

/// <summary>
/// Conversations are rows "{key}/state" holding the state as JSON, written with the ETag read (a
/// concurrent change makes the write fail, and the caller re-reads). Every scheduled nudge also has a row
/// in the "due" partition of a second table, keyed "{due ticks}-{key}", so the minute timer finds what is
/// due with one range query instead of scanning conversations. The index row is written before the
/// conversation points at it and removed after; a row the conversation no longer points at is stale and skipped.
/// </summary>
public sealed class ConversationStore(StorageAccount storage)
{
    private const string TableName = "assistantconversations";
    private const string IndexTable = "assistantnudges";
    private const string StateRow = "state";
    private const string DuePartition = "due";
    private const int HandledKept = 20;

    public async Task<(Conversation? Conversation, ETag ETag)> GetAsync(string key, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var row = await table.FindAsync(key, StateRow, cancellationToken).ConfigureAwait(false);
        return row is null ? (null, default) : (Json.Deserialize<Conversation>(row.RequiredString("State")), row.ETag);
    }

    /// <summary>Writes the conversation if nobody changed it since <paramref name="etag"/> was read (default: it must not exist yet); false otherwise.</summary>
    public async Task<bool> TrySaveAsync(Conversation conversation, Conversation? previous, ETag etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var trimmed = conversation.HandledMessageIds.Count > HandledKept
            ? conversation with { HandledMessageIds = conversation.HandledMessageIds.TakeLast(HandledKept).ToList() }
            : conversation;
        var index = await storage.TableAsync(IndexTable).ConfigureAwait(false);
        if (trimmed.NudgeDueAt is { } due && due != previous?.NudgeDueAt)
        {
            await index.UpsertEntityAsync(new TableEntity(DuePartition, IndexKey(due, trimmed.Key)) { ["Conversation"] = trimmed.Key, ["DueAt"] = due }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = new TableEntity(trimmed.Key, StateRow) { ["State"] = Json.Serialize(trimmed), ["Phone"] = trimmed.Phone };
        try
        {
            if (etag == default)
            {
                await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsConflict())
        {
            return false;
        }
        if (previous?.NudgeDueAt is { } old && old != trimmed.NudgeDueAt)
        {
            await DeleteIndexAsync(IndexKey(old, trimmed.Key), cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>Index rows due at or before <paramref name="now"/>, oldest first.</summary>
    public async Task<IReadOnlyList<DueNudge>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var index = await storage.TableAsync(IndexTable).ConfigureAwait(false);
        var upper = Keys.OldestFirst(now) + "~";
        var rows = new List<DueNudge>();
        await foreach (var row in index.QueryAsync<TableEntity>($"PartitionKey eq '{DuePartition}' and RowKey le {Keys.Literal(upper)}", maxPerPage: max, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new DueNudge(row.RowKey, row.RequiredString("Conversation"), row.RequiredDate("DueAt")));
            if (rows.Count >= max)
            {
                break;
            }
        }
        return rows;
    }

    public async Task DeleteIndexAsync(string rowKey, CancellationToken cancellationToken)
    {
        var index = await storage.TableAsync(IndexTable).ConfigureAwait(false);
        try
        {
            await index.DeleteEntityAsync(DuePartition, rowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    public static string IndexKey(DateTimeOffset due, string key) => string.Create(CultureInfo.InvariantCulture, $"{Keys.OldestFirst(due)}-{key}");
}
