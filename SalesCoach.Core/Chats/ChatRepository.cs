// Owns the chats and messages tables.
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
    private readonly ExistingRowsHint existing = new();

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

    /// <summary>Idempotent: a message id already stored is replaced by the same content.</summary>
    public async Task UpsertMessagesAsync(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var table = await storage.TableAsync(MessagesTable).ConfigureAwait(false);
        await table.UpsertBatchedAsync(messages.Select(ToEntity), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Chats with any activity at or after <paramref name="since"/>.</summary>
    public async Task<IReadOnlyList<Chat>> ListUpdatedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(ChatsTable).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"RowKey eq {ChatRow} and UpdatedAt ge {since}");
        return await table.QueryListAsync(filter, FromEntity, cancellationToken).ConfigureAwait(false);
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

    private static TableEntity ToEntity(ChatMessage message) => new(message.ChatId, message.Id)
    {
        ["Direction"] = message.Direction.ToString(),
        ["SentAt"] = message.SentAt,
        ["Text"] = message.Text,
        ["ManagerId"] = message.ManagerId,
        ["Source"] = message.Source,
        ["IsSystem"] = message.IsSystem,
    };

    private static ChatMessage MessageFromEntity(TableEntity entity) => new()
    {
        Id = entity.RowKey,
        ChatId = entity.PartitionKey,
        Direction = Enum.Parse<Direction>(entity.RequiredString("Direction")),
        SentAt = entity.RequiredDate("SentAt"),
        Text = entity.GetString("Text"),
        ManagerId = entity.GetString("ManagerId"),
        Source = entity.RequiredString("Source"),
        IsSystem = entity.GetBoolean("IsSystem") ?? false,
    };
}
