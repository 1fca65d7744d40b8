// Owns the raw amoCRM webhook deliveries: stored on receipt (one row per distinct body), processed later from a queue.
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.AmoCrm;

public enum DeliveryStatus
{
    Received,
    Processed,
    Rejected,
}

/// <summary>One delivery as stored: its body, when it came, and what processing made of it.</summary>
public sealed record AmoCrmDelivery
{
    public required string Id { get; init; }
    public required byte[] Body { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public DeliveryStatus Status { get; init; } = DeliveryStatus.Received;
    public DateTimeOffset? ProcessedAt { get; init; }
    /// <summary>For a rejected delivery: the form key at fault and why.</summary>
    public string? Field { get; init; }
    public string? Error { get; init; }
    public AmoCrmWebhookResult? Result { get; init; }
}

/// <summary>
/// A delivery's id is the SHA-256 of its body, so amoCRM's redelivery of the same body is the same row:
/// it is acknowledged and not processed twice. The body is kept as binary properties of up to 64 KiB each.
/// </summary>
public sealed class AmoCrmDeliveries(StorageAccount storage)
{
    /// <summary>The largest delivery accepted: 8 properties of 64 KiB, well inside a 1 MiB entity.</summary>
    public const int MaxBodyBytes = 512 * 1024;
    public const string QueueName = "amocrm-webhooks";
    private const string TableName = "amodeliveries";
    private const int ChunkBytes = 64 * 1024;

    public static string IdOf(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>Stores a new delivery; false when the same body was stored before.</summary>
    public async Task<bool> TryAddAsync(AmoCrmDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var entity = new TableEntity(Partition(delivery.Id), delivery.Id)
        {
            ["ReceivedAt"] = delivery.ReceivedAt,
            ["Status"] = delivery.Status.ToString(),
            ["Size"] = delivery.Body.Length,
            ["Chunks"] = (delivery.Body.Length + ChunkBytes - 1) / ChunkBytes,
        };
        for (var i = 0; i * ChunkBytes < delivery.Body.Length; i++)
        {
            entity["Body" + i] = delivery.Body.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, delivery.Body.Length - i * ChunkBytes)).ToArray();
        }
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            return false;
        }
    }

    public async Task<AmoCrmDelivery?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(Partition(id), id, cancellationToken).ConfigureAwait(false);
        if (entity is null)
        {
            return null;
        }
        var chunks = entity.GetInt32("Chunks") ?? 0;
        var body = new byte[entity.GetInt32("Size") ?? 0];
        for (var i = 0; i < chunks; i++)
        {
            entity.GetBinary("Body" + i).CopyTo(body, i * ChunkBytes);
        }
        return new AmoCrmDelivery
        {
            Id = id,
            Body = body,
            ReceivedAt = entity.RequiredDate("ReceivedAt"),
            Status = Enum.Parse<DeliveryStatus>(entity.RequiredString("Status")),
            ProcessedAt = entity.GetDateTimeOffset("ProcessedAt"),
            Field = entity.GetString("Field"),
            Error = entity.GetString("Error"),
            Result = entity.GetString("ResultJson") is { } json ? Json.Deserialize<AmoCrmWebhookResult>(json) : null,
        };
    }

    /// <summary>Records the outcome of processing (the body stays, for an operator to look at).</summary>
    public async Task FinishAsync(AmoCrmDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = new TableEntity(Partition(delivery.Id), delivery.Id)
        {
            ["Status"] = delivery.Status.ToString(),
            ["ProcessedAt"] = delivery.ProcessedAt,
            ["Field"] = delivery.Field,
            ["Error"] = delivery.Error,
            ["ResultJson"] = delivery.Result is null ? null : Json.Serialize(delivery.Result),
        };
        await table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    private static string Partition(string id) => id.Length >= 2 ? id[..2] : id;
}
