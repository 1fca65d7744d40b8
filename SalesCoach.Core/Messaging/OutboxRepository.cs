// Owns the outbox table: enqueue (idempotent by id), claim by ETag, mark sent/failed, list.
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Messaging;

/// <summary>The outbox table: partition per manager, row per message id.</summary>
public sealed class OutboxRepository(StorageAccount storage)
{
    private const string TableName = "outbox";

    /// <summary>Adds messages that are not there yet; an id already stored is left as it is (idempotent enqueue).</summary>
    public async Task<int> EnqueueAsync(IEnumerable<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var added = 0;
        foreach (var message in messages)
        {
            try
            {
                await table.AddEntityAsync(ToEntity(message), cancellationToken).ConfigureAwait(false);
                added++;
            }
            catch (RequestFailedException e) when (e.IsConflict())
            {
            }
        }
        return added;
    }

    /// <summary>Messages in <paramref name="status"/> whose next attempt (for Sending: the claim's end) is due, oldest first.</summary>
    public async Task<IReadOnlyList<(OutboxMessage Message, ETag ETag)>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken, OutboxStatus status = OutboxStatus.Pending)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"Status eq {status.ToString()} and NextAttemptAt le {now}");
        var due = new List<(OutboxMessage, ETag)>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            due.Add((FromEntity(entity), entity.ETag));
        }
        return due.OrderBy(d => d.Item1.CreatedAt).ThenBy(d => d.Item1.Id, StringComparer.Ordinal).Take(max).ToList();
    }

    /// <summary>Deletes the messages sent before <paramref name="before"/>; returns how many went. Pending, failed and uncertain ones stay.</summary>
    public async Task<int> DeleteSentBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        return await table.DeleteWhereAsync(TableClient.CreateQueryFilter($"Status eq {OutboxStatus.Sent.ToString()} and SentAt lt {before}"), cancellationToken).ConfigureAwait(false);
    }

    public async Task<(OutboxMessage Message, ETag ETag)?> FindAsync(string managerId, string id, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(managerId, id, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : (FromEntity(entity), entity.ETag);
    }

    /// <summary>Lists messages, newest first, optionally only one status or one manager.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxStatus? status, string? managerId, int max, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var filters = new List<string>();
        if (status is { } s)
        {
            filters.Add($"Status eq {Keys.Literal(s.ToString())}");
        }
        if (managerId is not null)
        {
            filters.Add($"PartitionKey eq {Keys.Literal(managerId)}");
        }
        var messages = await table.QueryListAsync(string.Join(" and ", filters), FromEntity, cancellationToken).ConfigureAwait(false);
        return messages.OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal).Take(max).ToList();
    }

    /// <summary>A page of the outbox in storage order (manager, then message id), optionally one status and one manager.</summary>
    public async Task<ListPage<OutboxMessage>> PageAsync(OutboxStatus? status, string? managerId, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var filters = new List<string>();
        if (status is { } s)
        {
            filters.Add($"Status eq {Keys.Literal(s.ToString())}");
        }
        if (managerId is not null)
        {
            filters.Add($"PartitionKey eq {Keys.Literal(managerId)}");
        }
        return await table.QueryPageAsync(string.Join(" and ", filters), pageSize, continuation, FromEntity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces a message if nobody else changed it since it was read: its new ETag, or null on a mismatch.</summary>
    public async Task<ETag?> TryUpdateAsync(OutboxMessage message, ETag etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        try
        {
            var response = await table.UpdateEntityAsync(ToEntity(message), etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            return null;
        }
    }

    private static TableEntity ToEntity(OutboxMessage message) => new(message.ManagerId, message.Id)
    {
        ["ChatId"] = message.ChatId,
        ["Kind"] = message.Kind.ToString(),
        ["Text"] = message.Text,
        ["Status"] = message.Status.ToString(),
        ["CreatedAt"] = message.CreatedAt,
        ["NextAttemptAt"] = message.NextAttemptAt,
        ["Attempts"] = message.Attempts,
        ["SentAt"] = message.SentAt,
        ["LastError"] = message.LastError,
        ["RunId"] = message.RunId,
        ["DealId"] = message.DealId,
        ["TelegramMessageId"] = message.TelegramMessageId,
        ["SenderId"] = message.SenderId,
        ["PhotoBlob"] = message.PhotoBlob,
        ["PhotoCaption"] = message.PhotoCaption,
        ["PhotoFellBack"] = message.PhotoFellBack ? true : null,
        ["ReplyMarkup"] = message.ReplyMarkup,
        ["EditMessageId"] = message.EditMessageId,
    };

    private static OutboxMessage FromEntity(TableEntity entity) => new()
    {
        Id = entity.RowKey,
        ManagerId = entity.PartitionKey,
        ChatId = entity.GetInt64("ChatId"),
        Kind = Enum.Parse<OutboxKind>(entity.RequiredString("Kind")),
        Text = entity.RequiredString("Text"),
        Status = Enum.Parse<OutboxStatus>(entity.RequiredString("Status")),
        CreatedAt = entity.RequiredDate("CreatedAt"),
        NextAttemptAt = entity.RequiredDate("NextAttemptAt"),
        Attempts = entity.GetInt32("Attempts") ?? 0,
        SentAt = entity.GetDateTimeOffset("SentAt"),
        LastError = entity.GetString("LastError"),
        RunId = entity.GetString("RunId"),
        DealId = entity.GetString("DealId"),
        TelegramMessageId = entity.GetInt32("TelegramMessageId"),
        SenderId = entity.GetString("SenderId"),
        PhotoBlob = entity.GetString("PhotoBlob"),
        PhotoCaption = entity.GetString("PhotoCaption"),
        PhotoFellBack = entity.GetBoolean("PhotoFellBack") ?? false,
        ReplyMarkup = entity.GetString("ReplyMarkup"),
        EditMessageId = entity.GetInt32("EditMessageId"),
    };
}
