// Owns the intervention model and its table: one row per client message that showed a signal, and each chat's throttle.
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Agent;

public enum InterventionStatus
{
    /// <summary>Being handled (a handler that died here is finished by the message's redelivery).</summary>
    Claimed,
    /// <summary>In the owner's Telegram outbox.</summary>
    Queued,
    /// <summary>Recorded, not sent: the chat had an intervention within the throttle window.</summary>
    Throttled,
    /// <summary>Recorded, not sent: nobody owns the chat or deal, or the owner is unknown.</summary>
    NoOwner,
}

/// <summary>A real-time intervention (seed 001's realtime_interventions): what the client wrote, what it means, what to answer.</summary>
public sealed record Intervention
{
    public required string Id { get; init; }
    /// <summary>The chat id, or "deal-{id}" for a deal note: the unit interventions are throttled by.</summary>
    public required string Conversation { get; init; }
    public required string Source { get; init; }
    public required string MessageId { get; init; }
    public string? ChatId { get; init; }
    public string? DealId { get; init; }
    public string? ManagerId { get; init; }
    public required IReadOnlyList<Signal> Signals { get; init; }
    public string? Competitor { get; init; }
    public required string Title { get; init; }
    public required string Message { get; init; }
    public required string SuggestedResponse { get; init; }
    public required string Playbook { get; init; }
    public required RecommendationUrgency Urgency { get; init; }
    /// <summary>The client's words (at most 500 characters).</summary>
    public required string ClientText { get; init; }
    public required InterventionStatus Status { get; init; }
    public required DateTimeOffset SentAt { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset? QueuedAt { get; init; }
}

/// <summary>Interventions, one partition per conversation (its throttle row beside them).</summary>
public sealed class InterventionRepository(StorageAccount storage)
{
    private const string TableName = "agentinterventions";
    private const string ThrottleRow = "~throttle";

    /// <summary>Adds a claimed intervention; when its id exists, returns the stored one instead (null when added).</summary>
    public async Task<Intervention?> ClaimAsync(Intervention intervention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intervention);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(ToEntity(intervention), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            return await GetAsync(intervention.Conversation, intervention.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task UpdateAsync(Intervention intervention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intervention);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await table.UpsertEntityAsync(ToEntity(intervention), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Intervention?> GetAsync(string conversation, string id, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(conversation, id, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : FromEntity(entity);
    }

    /// <summary>Every intervention (tests, the bench and the cleanup job), optionally of one conversation.</summary>
    public async Task<IReadOnlyList<Intervention>> ListAsync(string? conversation, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var filter = $"RowKey ne {Keys.Literal(ThrottleRow)}" + (conversation is null ? "" : $" and PartitionKey eq {Keys.Literal(conversation)}");
        return await table.QueryListAsync(filter, FromEntity, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> DeleteReceivedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        return await table.DeleteWhereAsync(TableClient.CreateQueryFilter($"ReceivedAt lt {before}"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Lets <paramref name="interventionId"/> through the conversation's throttle: true when it is the one
    /// that passed last (a retry), or when the last one passed at least <paramref name="window"/> before
    /// <paramref name="now"/> (then it becomes the last, under the row's ETag: of two at once, one passes).
    /// </summary>
    public async Task<bool> TryPassThrottleAsync(string conversation, string interventionId, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var row = await table.FindAsync(conversation, ThrottleRow, cancellationToken).ConfigureAwait(false);
            if (row?.GetString("LastId") == interventionId)
            {
                return true;
            }
            if (row?.GetDateTimeOffset("LastAt") is { } last && now - last < window)
            {
                return false;
            }
            var next = new TableEntity(conversation, ThrottleRow) { ["LastId"] = interventionId, ["LastAt"] = now };
            try
            {
                if (row is null)
                {
                    await table.AddEntityAsync(next, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.UpdateEntityAsync(next, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                return true;
            }
            catch (RequestFailedException e) when ((e.IsConflict() || e.IsPreconditionFailed()) && attempt < 10)
            {
            }
        }
    }

    private static TableEntity ToEntity(Intervention i) => new(i.Conversation, i.Id)
    {
        ["Source"] = i.Source,
        ["MessageId"] = i.MessageId,
        ["ChatId"] = i.ChatId,
        ["DealId"] = i.DealId,
        ["ManagerId"] = i.ManagerId,
        ["Signals"] = string.Join(',', i.Signals.Select(SignalDetector.WireName)),
        ["Competitor"] = i.Competitor,
        ["Title"] = i.Title,
        ["Message"] = i.Message,
        ["SuggestedResponse"] = i.SuggestedResponse,
        ["Playbook"] = i.Playbook,
        ["Urgency"] = i.Urgency.ToString(),
        ["ClientText"] = i.ClientText,
        ["Status"] = i.Status.ToString(),
        ["SentAt"] = i.SentAt,
        ["ReceivedAt"] = i.ReceivedAt,
        ["QueuedAt"] = i.QueuedAt,
    };

    private static Intervention FromEntity(TableEntity e) => new()
    {
        Id = e.RowKey,
        Conversation = e.PartitionKey,
        Source = e.RequiredString("Source"),
        MessageId = e.RequiredString("MessageId"),
        ChatId = e.GetString("ChatId"),
        DealId = e.GetString("DealId"),
        ManagerId = e.GetString("ManagerId"),
        Signals = [.. e.RequiredString("Signals").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => Platform.Json.TryParseName<Signal>(s, out var signal) ? signal : throw new InvalidOperationException($"Stored intervention {e.RowKey} names signal '{s}'."))],
        Competitor = e.GetString("Competitor"),
        Title = e.RequiredString("Title"),
        Message = e.RequiredString("Message"),
        SuggestedResponse = e.RequiredString("SuggestedResponse"),
        Playbook = e.RequiredString("Playbook"),
        Urgency = Enum.Parse<RecommendationUrgency>(e.RequiredString("Urgency")),
        ClientText = e.RequiredString("ClientText"),
        Status = Enum.Parse<InterventionStatus>(e.RequiredString("Status")),
        SentAt = e.RequiredDate("SentAt"),
        ReceivedAt = e.RequiredDate("ReceivedAt"),
        QueuedAt = e.GetDateTimeOffset("QueuedAt"),
    };
}
