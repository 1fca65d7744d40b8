// Owns the WhatsApp outbox: replies, photos and nudges waiting for GREEN-API, with deterministic ids so nothing is queued twice.
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Assistant.Outgoing;

public enum WhatsAppMessageKind
{
    Text,
    /// <summary>A photo from the photos container, sent with sendFileByUrl and a fresh SAS link.</summary>
    Photo,
}

public enum WhatsAppOutboxStatus
{
    Pending,
    /// <summary>Recorded before GREEN-API is called; a row left here by a crashed sender becomes <see cref="Uncertain"/>.</summary>
    Sending,
    Sent,
    Failed,
    /// <summary>Its sender stopped between the call and recording the answer: maybe delivered, never resent blindly.</summary>
    Uncertain,
}

/// <summary>One outgoing WhatsApp message.</summary>
public sealed record WhatsAppOutgoing
{
    public required string Id { get; init; }
    public required string ChatId { get; init; }
    public required WhatsAppMessageKind Kind { get; init; }
    /// <summary>The text, or a photo's caption.</summary>
    public string? Text { get; init; }
    /// <summary>A photo's blob name in the photos container.</summary>
    public string? Blob { get; init; }
    public WhatsAppOutboxStatus Status { get; init; } = WhatsAppOutboxStatus.Pending;
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset NextAttemptAt { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public string? GreenApiMessageId { get; init; }
    public string? LastError { get; init; }
}

/// <summary>
/// Table "assistantoutbox": one partition, row = message id, the status a property the sender filters on.
/// Ids are derived from what caused the message (the incoming message id and the reply's position, or the
/// nudge's number and anchor), so queuing twice stores once.
/// </summary>
public sealed class WhatsAppOutbox(StorageAccount storage)
{
    private const string TableName = "assistantoutbox";
    private const string Partition = "wa";

    public async Task<int> EnqueueAsync(IEnumerable<WhatsAppOutgoing> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var added = 0;
        foreach (var message in messages)
        {
            try
            {
                await table.AddEntityAsync(ToEntity(message with { NextAttemptAt = message.NextAttemptAt == default ? message.CreatedAt : message.NextAttemptAt }), cancellationToken).ConfigureAwait(false);
                added++;
            }
            catch (RequestFailedException e) when (e.IsConflict())
            {
            }
        }
        return added;
    }

    /// <summary>Messages in <paramref name="status"/> due at <paramref name="now"/> (null: due or not), oldest first.</summary>
    public async Task<IReadOnlyList<(WhatsAppOutgoing Message, ETag ETag)>> ListDueAsync(WhatsAppOutboxStatus status, DateTimeOffset? now, int max, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var filter = now is { } due
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Status eq {status.ToString()} and NextAttemptAt le {due}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Status eq {status.ToString()}");
        var rows = await table.QueryListAsync(
            filter,
            e => (FromEntity(e), e.ETag), cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(r => r.Item1.CreatedAt).ThenBy(r => r.Item1.Id, StringComparer.Ordinal).Take(max).ToList();
    }

    public async Task<IReadOnlyList<WhatsAppOutgoing>> ListForChatAsync(string chatId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var rows = await table.QueryListAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and ChatId eq {chatId}"), FromEntity, cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Replaces the row if it still has <paramref name="etag"/>; the new ETag, or null when someone else changed it.</summary>
    public async Task<ETag?> TryUpdateAsync(WhatsAppOutgoing message, ETag etag, CancellationToken cancellationToken)
    {
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

    private static TableEntity ToEntity(WhatsAppOutgoing m) => new(Partition, m.Id)
    {
        ["ChatId"] = m.ChatId,
        ["Kind"] = m.Kind.ToString(),
        ["Text"] = m.Text,
        ["Blob"] = m.Blob,
        ["Status"] = m.Status.ToString(),
        ["CreatedAt"] = m.CreatedAt,
        ["NextAttemptAt"] = m.NextAttemptAt,
        ["Attempts"] = m.Attempts,
        ["SentAt"] = m.SentAt,
        ["GreenApiMessageId"] = m.GreenApiMessageId,
        ["LastError"] = m.LastError,
    };

    private static WhatsAppOutgoing FromEntity(TableEntity e) => new()
    {
        Id = e.RowKey,
        ChatId = e.RequiredString("ChatId"),
        Kind = Enum.Parse<WhatsAppMessageKind>(e.RequiredString("Kind")),
        Text = e.GetString("Text"),
        Blob = e.GetString("Blob"),
        Status = Enum.Parse<WhatsAppOutboxStatus>(e.RequiredString("Status")),
        CreatedAt = e.RequiredDate("CreatedAt"),
        NextAttemptAt = e.RequiredDate("NextAttemptAt"),
        Attempts = e.GetInt32("Attempts") ?? 0,
        SentAt = e.GetDateTimeOffset("SentAt"),
        GreenApiMessageId = e.GetString("GreenApiMessageId"),
        LastError = e.GetString("LastError"),
    };
}
