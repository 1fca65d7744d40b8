// Owns the recommendations table: one row per recommendation, queried by manager and state.
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Agent;

/// <summary>Recommendations keyed by id (one partition each, so an id alone finds one), queried by manager and stored state.</summary>
public sealed class RecommendationRepository(StorageAccount storage)
{
    private const string TableName = "agentrecommendations";
    private const string Row = "rec";

    /// <summary>Adds the recommendation unless its id is already stored; true when added (a repeat changes nothing).</summary>
    public async Task<bool> AddAsync(Recommendation recommendation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recommendation);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(ToEntity(recommendation), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            return false;
        }
    }

    public async Task<Recommendation?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(id, Row, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : FromEntity(entity);
    }

    /// <summary>Open and accepted recommendations (as stored; the caller applies expiry at its clock), optionally of one manager.</summary>
    public async Task<IReadOnlyList<Recommendation>> ListActiveAsync(string? managerId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var filter = $"(State eq 'Open' or State eq 'Accepted')" + (managerId is null ? "" : $" and ManagerId eq {Keys.Literal(managerId)}");
        var found = await table.QueryListAsync(filter, FromEntity, cancellationToken).ConfigureAwait(false);
        return [.. found.OrderBy(r => r.Urgency).ThenByDescending(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal)];
    }

    /// <summary>The recommendations of one manager's plan day.</summary>
    public async Task<IReadOnlyList<Recommendation>> ListByPlanAsync(string managerId, string planDate, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var filter = $"ManagerId eq {Keys.Literal(managerId)} and PlanDate eq {Keys.Literal(planDate)}";
        return await table.QueryListAsync(filter, FromEntity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Created before <paramref name="before"/>, any state (for the cleanup job).</summary>
    public async Task<IReadOnlyList<Recommendation>> ListCreatedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        return await table.QueryListAsync(TableClient.CreateQueryFilter($"CreatedAt lt {before}"), FromEntity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Created at or after <paramref name="since"/>, any state (dashboards).</summary>
    public async Task<IReadOnlyList<Recommendation>> ListCreatedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        return await table.QueryListAsync(TableClient.CreateQueryFilter($"CreatedAt ge {since}"), FromEntity, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await table.DeleteEntityAsync(id, Row, ETag.All, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the stored recommendation under its ETag, again on a concurrent
    /// change; <paramref name="change"/> returns the same instance when nothing needs writing. Null when the id is unknown.
    /// </summary>
    public async Task<(Recommendation Before, Recommendation After)?> MutateAsync(string id, Func<Recommendation, Recommendation> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var entity = await table.FindAsync(id, Row, cancellationToken).ConfigureAwait(false);
            if (entity is null)
            {
                return null;
            }
            var before = FromEntity(entity);
            var after = change(before);
            if (ReferenceEquals(after, before) || after == before)
            {
                return (before, before);
            }
            try
            {
                await table.UpdateEntityAsync(ToEntity(after), entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return (before, after);
            }
            catch (RequestFailedException e) when (e.IsPreconditionFailed() && attempt < 10)
            {
            }
        }
    }

    private static TableEntity ToEntity(Recommendation r) => new(r.Id, Row)
    {
        ["ManagerId"] = r.ManagerId,
        ["Type"] = r.Type,
        ["TargetKind"] = r.TargetKind.ToString(),
        ["TargetId"] = r.TargetId,
        ["TargetName"] = r.TargetName,
        ["Title"] = r.Title,
        ["Reasoning"] = r.Reasoning,
        ["Urgency"] = r.Urgency.ToString(),
        ["SuggestedScript"] = r.SuggestedScript,
        ["Channel"] = r.Channel,
        ["BestTime"] = r.BestTime,
        ["WinProbability"] = r.WinProbability,
        ["Source"] = r.Source,
        ["PlanDate"] = r.PlanDate,
        ["CreatedAt"] = r.CreatedAt,
        ["ExpiresAt"] = r.ExpiresAt,
        ["AcceptedAt"] = r.AcceptedAt,
        ["DismissedAt"] = r.DismissedAt,
        ["DoneAt"] = r.DoneAt,
        ["ExpiredAt"] = r.ExpiredAt,
        // The stored state, so a manager's open ones are one filter (Table Storage cannot filter on a missing property).
        ["State"] = r.Status.ToString(),
    };

    private static Recommendation FromEntity(TableEntity e) => new()
    {
        Id = e.PartitionKey,
        ManagerId = e.RequiredString("ManagerId"),
        Type = e.RequiredString("Type"),
        TargetKind = Enum.Parse<TargetKind>(e.RequiredString("TargetKind")),
        TargetId = e.RequiredString("TargetId"),
        TargetName = e.GetString("TargetName"),
        Title = e.RequiredString("Title"),
        Reasoning = e.RequiredString("Reasoning"),
        Urgency = Enum.Parse<RecommendationUrgency>(e.RequiredString("Urgency")),
        SuggestedScript = e.GetString("SuggestedScript"),
        Channel = e.GetString("Channel"),
        BestTime = e.GetDateTimeOffset("BestTime"),
        WinProbability = e.GetDouble("WinProbability"),
        Source = e.RequiredString("Source"),
        PlanDate = e.GetString("PlanDate"),
        CreatedAt = e.RequiredDate("CreatedAt"),
        ExpiresAt = e.RequiredDate("ExpiresAt"),
        AcceptedAt = e.GetDateTimeOffset("AcceptedAt"),
        DismissedAt = e.GetDateTimeOffset("DismissedAt"),
        DoneAt = e.GetDateTimeOffset("DoneAt"),
        ExpiredAt = e.GetDateTimeOffset("ExpiredAt"),
    };
}
