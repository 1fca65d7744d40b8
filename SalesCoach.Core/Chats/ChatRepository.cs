// Owns the chats and messages tables.
using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Chats;

/// <summary>Chats (one row each) and their messages (one partition per chat, row key = message id).</summary>
public sealed class ChatRepository(StorageAccount storage)
{
    private const string ChatsTable = "chats";
    private const string MessagesTable = "messages";
    private const string ChatRow = "chat";
    /// <summary>The period index: every message again, partition = UTC day, row key = chat, time, id.</summary>
    private const string DaysTable = "chatdays";
    private readonly ExistingRowsHint existing = new();
    private readonly ExistingRowsHint existingMessages = new();

    /// <summary>Writes the chat unless the stored one is newer (<see cref="Chat.UpdatedAt"/>); true when written.</summary>
    public async Task<bool> UpsertIfNewerAsync(Chat chat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var table = await storage.TableAsync(ChatsTable).ConfigureAwait(false);
        return await table.WriteIfNewerAsync(ToEntity(chat), chat.UpdatedAt, "UpdatedAt", existing, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Folds what one message tells about its chat into the stored chat, under the stored ETag: the
    /// earliest creation, the newest update, the first known manager, the latest known client name.
    /// Deliveries in any order, or twice, end in the same row.
    /// </summary>
    public async Task<Chat> MergeAsync(Chat seen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seen);
        var table = await storage.TableAsync(ChatsTable).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var entity = await table.FindAsync(seen.Id, ChatRow, cancellationToken).ConfigureAwait(false);
            try
            {
                if (entity is null)
                {
                    await table.AddEntityAsync(ToEntity(seen), cancellationToken).ConfigureAwait(false);
                    return seen;
                }
                var stored = FromEntity(entity);
                var merged = stored with
                {
                    CreatedAt = seen.CreatedAt < stored.CreatedAt ? seen.CreatedAt : stored.CreatedAt,
                    UpdatedAt = seen.UpdatedAt > stored.UpdatedAt ? seen.UpdatedAt : stored.UpdatedAt,
                    ManagerId = stored.ManagerId ?? seen.ManagerId,
                    ClientName = seen.ClientName ?? stored.ClientName,
                    ClientPhone = stored.ClientPhone ?? seen.ClientPhone,
                    OrderId = seen.OrderId ?? stored.OrderId,
                };
                if (merged != stored)
                {
                    await table.UpdateEntityAsync(ToEntity(merged), entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                return merged;
            }
            catch (RequestFailedException e) when ((e.IsConflict() || e.IsPreconditionFailed()) && attempt < 10)
            {
            }
        }
    }

    public async Task<Chat?> GetAsync(string chatId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(ChatsTable).ConfigureAwait(false);
        var entity = await table.FindAsync(chatId, ChatRow, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : FromEntity(entity);
    }

    /// <summary>
    /// Idempotent: a message id already stored is replaced by the same content. Each message is also
    /// written to the period index (one partition per UTC day of <see cref="ChatMessage.SentAt"/>); a
    /// message delivered again with another time leaves its old day, so a late, re-timed or re-imported
    /// message lands in exactly one day. The index row is written before the message row, so an
    /// interrupted write is finished by the next delivery.
    /// </summary>
    public async Task UpsertMessagesAsync(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var table = await storage.TableAsync(MessagesTable).ConfigureAwait(false);
        var index = await storage.TableAsync(DaysTable).ConfigureAwait(false);
        foreach (var chat in messages.GroupBy(m => m.ChatId, StringComparer.Ordinal))
        {
            // The last delivery of an id in one call wins, as with upserts in order.
            var latest = chat.GroupBy(m => m.Id, StringComparer.Ordinal).Select(g => g.Last());
            foreach (var chunk in latest.Chunk(100))
            {
                await WriteChunkAsync(table, index, chunk, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WriteChunkAsync(TableClient table, TableClient index, ChatMessage[] chunk, CancellationToken cancellationToken)
    {
        if (!existingMessages.MostlyExisting)
        {
            // New messages (the usual import and webhook case): one transaction adds them all; any id
            // already stored fails it as a whole, and the chunk is compared with what is stored.
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(m => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(m))), cancellationToken).ConfigureAwait(false);
                existingMessages.Observe(existed: false);
                await index.UpsertBatchedAsync(chunk.Select(ToDayEntity), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException e) when (e.IsConflict())
            {
            }
        }
        var ids = chunk.Select(m => m.Id).Order(StringComparer.Ordinal).ToList();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {chunk[0].ChatId} and RowKey ge {ids[0]} and RowKey le {ids[^1]}");
        var stored = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["RowKey", "SentAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            stored[entity.RowKey] = entity.RequiredDate("SentAt");
        }
        existingMessages.Observe(existed: chunk.Any(m => stored.ContainsKey(m.Id)));
        await index.UpsertBatchedAsync(chunk.Select(ToDayEntity), cancellationToken).ConfigureAwait(false);
        var moved = chunk.Where(m => stored.TryGetValue(m.Id, out var at) && at.UtcTicks != m.SentAt.UtcTicks)
            .Select(m => (Partition: DayPartition(stored[m.Id]), Row: DayRow(m.ChatId, stored[m.Id], m.Id)));
        foreach (var day in moved.GroupBy(r => r.Partition, StringComparer.Ordinal))
        {
            foreach (var row in day)
            {
                await index.DeleteEntityAsync(row.Partition, row.Row, ETag.All, cancellationToken).ConfigureAwait(false);
            }
        }
        await table.UpsertBatchedAsync(chunk.Select(ToEntity), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the period index for every stored message (messages stored before the index existed, by a
    /// webhook, a CRM pull or an import): idempotent, a page at a time. Returns the messages indexed.
    /// </summary>
    public async Task<int> IndexAllMessagesAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(MessagesTable).ConfigureAwait(false);
        var index = await storage.TableAsync(DaysTable).ConfigureAwait(false);
        var count = 0;
        await foreach (var page in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
        {
            await index.UpsertBatchedAsync(page.Values.Select(MessageFromEntity).Select(ToDayEntity), cancellationToken).ConfigureAwait(false);
            count += page.Values.Count;
        }
        return count;
    }

    /// <summary>Chats with any activity at or after <paramref name="since"/>.</summary>
    public async Task<IReadOnlyList<Chat>> ListUpdatedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(ChatsTable).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"RowKey eq {ChatRow} and UpdatedAt ge {since}");
        return await table.QueryListAsync(filter, FromEntity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every chat updated at or after <paramref name="from"/> that has non-system messages in [from, to),
    /// in chat id order, with those messages in time order (then id). Reads the period's day partitions
    /// once, a page at a time, and the chats table once: storage round trips grow with the period's
    /// messages, not with the number of chats, and memory holds a page per day and one chat at a time.
    /// </summary>
    public async IAsyncEnumerable<(Chat Chat, IReadOnlyList<ChatMessage> Messages)> ReadPeriodAsync(
        DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (to <= from)
        {
            yield break;
        }
        var index = await storage.TableAsync(DaysTable).ConfigureAwait(false);
        var chatsTable = await storage.TableAsync(ChatsTable).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var days = new List<PrefetchedStream<TableEntity>>();
        try
        {
            for (var day = from.UtcDateTime.Date; day < to.UtcDateTime; day = day.AddDays(1))
            {
                // A day inside the period is read whole; only the days it cuts need a time condition.
                var whole = day >= from.UtcDateTime && day.AddDays(1) <= to.UtcDateTime;
                var filter = whole
                    ? TableClient.CreateQueryFilter($"PartitionKey eq {DayPartition(day)}")
                    : TableClient.CreateQueryFilter($"PartitionKey eq {DayPartition(day)} and SentAt ge {from} and SentAt lt {to}");
                days.Add(PrefetchedStream<TableEntity>.Start(index.QueryAsync<TableEntity>(filter, cancellationToken: stop.Token), stop.Token));
            }
            var chatFilter = TableClient.CreateQueryFilter($"RowKey eq {ChatRow} and UpdatedAt ge {from}");
            await using var chats = PrefetchedStream<TableEntity>.Start(chatsTable.QueryAsync<TableEntity>(chatFilter, cancellationToken: stop.Token), stop.Token);
            var heads = new PriorityQueue<int, string>(StringComparer.Ordinal);
            for (var i = 0; i < days.Count; i++)
            {
                if (await days[i].MoveNextAsync().ConfigureAwait(false))
                {
                    heads.Enqueue(i, days[i].Current.RowKey);
                }
            }
            var hasChat = await chats.MoveNextAsync().ConfigureAwait(false);
            string? lastRow = null;
            string? chatId = null;
            var current = new List<ChatMessage>();
            while (true)
            {
                ChatMessage? next = null;
                if (heads.TryDequeue(out var stream, out var row))
                {
                    // Day partitions are sorted by row key; the merge relies on it, so say so if it ever does not hold.
                    if (lastRow is not null && string.CompareOrdinal(row, lastRow) < 0)
                    {
                        throw new InvalidOperationException($"The chat day index returned {row} after {lastRow}: rows out of order.");
                    }
                    lastRow = row;
                    next = DayMessageFromEntity(days[stream].Current);
                    if (await days[stream].MoveNextAsync().ConfigureAwait(false))
                    {
                        heads.Enqueue(stream, days[stream].Current.RowKey);
                    }
                    if (next.IsSystem)
                    {
                        continue;
                    }
                }
                if (chatId is not null && (next is null || next.ChatId != chatId))
                {
                    // Chats come in partition (= chat id) order, as do the merged messages: a join without lookups.
                    while (hasChat && string.CompareOrdinal(chats.Current.PartitionKey, chatId) < 0)
                    {
                        hasChat = await chats.MoveNextAsync().ConfigureAwait(false);
                    }
                    if (hasChat && chats.Current.PartitionKey == chatId)
                    {
                        yield return (FromEntity(chats.Current), current);
                    }
                    current = [];
                }
                if (next is null)
                {
                    break;
                }
                chatId = next.ChatId;
                current.Add(next);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var day in days)
            {
                await day.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async Task<IReadOnlyList<ChatMessage>> ListMessagesAsync(string chatId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(MessagesTable).ConfigureAwait(false);
        var messages = await table.QueryListAsync($"PartitionKey eq {Keys.Literal(chatId)}", MessageFromEntity, cancellationToken).ConfigureAwait(false);
        return [.. messages.OrderBy(m => m.SentAt).ThenBy(m => m.Id, StringComparer.Ordinal)];
    }

    private static TableEntity ToEntity(Chat chat) => new(chat.Id, ChatRow)
    {
        ["Channel"] = chat.Channel.ToString(),
        ["ManagerId"] = chat.ManagerId,
        ["ClientName"] = chat.ClientName,
        ["ClientPhone"] = chat.ClientPhone,
        ["CreatedAt"] = chat.CreatedAt,
        ["UpdatedAt"] = chat.UpdatedAt,
        ["OrderId"] = chat.OrderId,
    };

    private static Chat FromEntity(TableEntity entity) => new()
    {
        Id = entity.PartitionKey,
        Channel = Enum.Parse<Channel>(entity.RequiredString("Channel")),
        ManagerId = entity.GetString("ManagerId"),
        ClientName = entity.GetString("ClientName"),
        ClientPhone = entity.GetString("ClientPhone"),
        CreatedAt = entity.RequiredDate("CreatedAt"),
        UpdatedAt = entity.RequiredDate("UpdatedAt"),
        OrderId = entity.GetString("OrderId"),
    };

    private static TableEntity ToEntity(ChatMessage message) => WithMessage(new TableEntity(message.ChatId, message.Id), message);

    /// <summary>A message's properties, the same in the messages table and in its day's index row.</summary>
    private static TableEntity WithMessage(TableEntity entity, ChatMessage message)
    {
        entity["Direction"] = message.Direction.ToString();
        entity["SentAt"] = message.SentAt;
        entity["Text"] = message.Text;
        entity["ManagerId"] = message.ManagerId;
        entity["Source"] = message.Source;
        entity["IsSystem"] = message.IsSystem;
        return entity;
    }

    /// <summary>Row keys sort by chat id, then time, then message id; '!' sorts below every id character, so one chat's rows are contiguous and in chat id order.</summary>
    private static string DayRow(string chatId, DateTimeOffset sentAt, string messageId) => $"{chatId}!{Keys.OldestFirst(sentAt)}!{messageId}";

    private static string DayPartition(DateTimeOffset sentAt) => DayPartition(sentAt.UtcDateTime);

    private static string DayPartition(DateTime utc) => utc.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static TableEntity ToDayEntity(ChatMessage message) => WithMessage(new TableEntity(DayPartition(message.SentAt), DayRow(message.ChatId, message.SentAt, message.Id))
    {
        ["ChatId"] = message.ChatId,
        ["MessageId"] = message.Id,
    }, message);

    private static ChatMessage DayMessageFromEntity(TableEntity entity) => MessageFrom(entity, entity.RequiredString("ChatId"), entity.RequiredString("MessageId"));

    private static ChatMessage MessageFromEntity(TableEntity entity) => MessageFrom(entity, entity.PartitionKey, entity.RowKey);

    private static ChatMessage MessageFrom(TableEntity entity, string chatId, string id) => new()
    {
        Id = id,
        ChatId = chatId,
        Direction = Enum.Parse<Direction>(entity.RequiredString("Direction")),
        SentAt = entity.RequiredDate("SentAt"),
        Text = entity.GetString("Text"),
        ManagerId = entity.GetString("ManagerId"),
        Source = entity.RequiredString("Source"),
        IsSystem = entity.GetBoolean("IsSystem") ?? false,
    };
}
