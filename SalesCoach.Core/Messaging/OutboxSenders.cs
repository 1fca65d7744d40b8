// Owns which sender instances are alive, so several instances share the outbox's chats and Telegram's rate.
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Messaging;

/// <summary>
/// Every instance that sends the outbox writes a heartbeat row each run; the live ones (seen within
/// <see cref="Expiry"/>) split the work: each chat belongs to one instance (so its order and 1 message/s
/// hold across instances) and each instance takes an equal share of the bot's global rate.
/// </summary>
public sealed class OutboxSenders(StorageAccount storage, TimeProvider time)
{
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(20);
    private const string TableName = "outboxsenders";
    private const string Partition = "sender";

    /// <summary>Records that <paramref name="senderId"/> is alive and returns the live senders, ordered.</summary>
    public async Task<IReadOnlyList<string>> HeartbeatAsync(string senderId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var now = time.GetUtcNow();
        await table.UpsertEntityAsync(new TableEntity(Partition, senderId) { ["LastSeen"] = now }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        var live = await table.QueryListAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and LastSeen ge {now - Expiry}"), e => e.RowKey, cancellationToken).ConfigureAwait(false);
        live.Sort(StringComparer.Ordinal);
        return live;
    }

    /// <summary>Whether <paramref name="chatId"/> is this sender's to send to (a stable spread of chats over senders).</summary>
    public static bool Owns(long chatId, int senderIndex, int senderCount) =>
        senderCount <= 1 || (int)(unchecked((ulong)chatId * 0x9E3779B97F4A7C15UL) % (ulong)senderCount) == senderIndex;
}
