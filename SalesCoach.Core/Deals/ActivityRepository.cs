// Owns the activities table: one partition per deal.
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals;

/// <summary>Calls, messages, notes, tasks and stage moves; one partition per deal, so a deal loads in one query.</summary>
public sealed class ActivityRepository(StorageAccount storage)
{
    private const string TableName = "activities";

    public async Task UpsertManyAsync(IEnumerable<Activity> activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await table.UpsertBatchedAsync(activities.Select(ToEntity), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Activity>> ListByDealAsync(string dealId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var activities = await table.QueryListAsync($"PartitionKey eq {Keys.Literal(dealId)}", FromEntity, cancellationToken).ConfigureAwait(false);
        activities.Sort((a, b) => a.OccurredAt.CompareTo(b.OccurredAt));
        return activities;
    }

    /// <summary>
    /// Every deal's activities, deal by deal (sorted by time), in one pass over the table: storage returns
    /// rows in partition order, so a deal's rows arrive together and cost no query of their own.
    /// </summary>
    public async IAsyncEnumerable<(string DealId, List<Activity> Activities)> ScanByDealAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        string? current = null;
        var batch = new List<Activity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (current is not null && entity.PartitionKey != current)
            {
                batch.Sort((a, b) => a.OccurredAt.CompareTo(b.OccurredAt));
                yield return (current, batch);
                batch = [];
            }
            current = entity.PartitionKey;
            batch.Add(FromEntity(entity));
        }
        if (current is not null)
        {
            batch.Sort((a, b) => a.OccurredAt.CompareTo(b.OccurredAt));
            yield return (current, batch);
        }
    }

    private static TableEntity ToEntity(Activity activity) => new(activity.DealId, activity.Id)
    {
        ["Kind"] = activity.Kind.ToString(),
        ["OccurredAt"] = activity.OccurredAt,
        ["Direction"] = activity.Direction?.ToString(),
        ["DurationSeconds"] = activity.DurationSeconds,
        ["Text"] = activity.Text,
        ["DueAt"] = activity.DueAt,
        ["CompletedAt"] = activity.CompletedAt,
        ["FromStage"] = activity.FromStage,
        ["ToStage"] = activity.ToStage,
    };

    private static Activity FromEntity(TableEntity entity) => new()
    {
        Id = entity.RowKey,
        DealId = entity.PartitionKey,
        Kind = Enum.Parse<ActivityKind>(entity.RequiredString("Kind")),
        OccurredAt = entity.RequiredDate("OccurredAt"),
        Direction = entity.GetString("Direction") is { } direction ? Enum.Parse<Direction>(direction) : null,
        DurationSeconds = entity.GetInt32("DurationSeconds"),
        Text = entity.GetString("Text"),
        DueAt = entity.GetDateTimeOffset("DueAt"),
        CompletedAt = entity.GetDateTimeOffset("CompletedAt"),
        FromStage = entity.GetString("FromStage"),
        ToStage = entity.GetString("ToStage"),
    };
}
