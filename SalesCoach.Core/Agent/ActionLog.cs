// Owns the actions log: every automatic action the agent takes, and its summary per day and type.
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Agent;

/// <summary>One automatic action (seed 001's autonomous_actions): what, on what, for whom, whether it worked.</summary>
public sealed record AgentAction(
    string Key, string Type, TargetKind? TargetKind, string? TargetId, string? ManagerId, bool Success, string? Detail, DateTimeOffset ExecutedAt);

/// <summary>One row of the actions summary: a UTC day and an action type.</summary>
public sealed record ActionSummaryRow(string Date, string ActionType, int Count, int Successful, double SuccessRate, DateTimeOffset LastExecution);

/// <summary>
/// The actions log: partition per UTC day (the summary reads whole days), row per action key. The key is
/// deterministic per cause (an intervention's message, a plan's manager and day), so an action repeated by
/// a retry is logged once.
/// </summary>
public sealed class ActionLog(StorageAccount storage, TimeProvider time)
{
    private const string TableName = "agentactions";

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Records the action unless its key was recorded that day already.</summary>
    public async Task RecordAsync(AgentAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = new TableEntity(Day(action.ExecutedAt), RowKey(action.Key))
        {
            ["Key"] = action.Key,
            ["Type"] = action.Type,
            ["TargetKind"] = action.TargetKind?.ToString(),
            ["TargetId"] = action.TargetId,
            ["ManagerId"] = action.ManagerId,
            ["Success"] = action.Success,
            ["Detail"] = action.Detail is { Length: > 1000 } detail ? detail[..1000] : action.Detail,
            ["ExecutedAt"] = action.ExecutedAt,
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
        }
    }

    /// <summary>Actions of the last <paramref name="days"/> UTC days (today included), newest first.</summary>
    public async Task<IReadOnlyList<AgentAction>> ListAsync(int days, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var from = Day(time.GetUtcNow().AddDays(-(days - 1)));
        var actions = await table.QueryListAsync($"PartitionKey ge {Keys.Literal(from)}", FromEntity, cancellationToken).ConfigureAwait(false);
        return [.. actions.OrderByDescending(a => a.ExecutedAt)];
    }

    /// <summary>Seed 001's "autonomous actions summary": per day and type, count, successes and success rate, newest day first, then most frequent.</summary>
    public async Task<IReadOnlyList<ActionSummaryRow>> SummaryAsync(int days, CancellationToken cancellationToken)
    {
        var actions = await ListAsync(days, cancellationToken).ConfigureAwait(false);
        return Summarise(actions);
    }

    public static IReadOnlyList<ActionSummaryRow> Summarise(IEnumerable<AgentAction> actions) =>
        [.. actions
            .GroupBy(a => (Date: a.ExecutedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), a.Type))
            .Select(g =>
            {
                var count = g.Count();
                var successful = g.Count(a => a.Success);
                return new ActionSummaryRow(g.Key.Date, g.Key.Type, count, successful, Math.Round(100.0 * successful / count, 2), g.Max(a => a.ExecutedAt));
            })
            .OrderByDescending(r => r.Date, StringComparer.Ordinal).ThenByDescending(r => r.Count).ThenBy(r => r.ActionType, StringComparer.Ordinal)];

    /// <summary>Deletes the days older than <paramref name="keepDays"/>; returns how many actions went.</summary>
    public async Task<int> DeleteOlderThanAsync(int keepDays, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var before = Day(time.GetUtcNow().AddDays(-keepDays));
        return await table.DeleteWhereAsync($"PartitionKey lt {Keys.Literal(before)}", cancellationToken).ConfigureAwait(false);
    }

    // Keys may hold characters tables forbid in keys ('/', '#'); the row key is a safe rendering of it.
    private static string RowKey(string key) =>
        new(key.Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c).ToArray());

    private static AgentAction FromEntity(TableEntity e) => new(
        e.GetString("Key") ?? e.RowKey,
        e.RequiredString("Type"),
        e.GetString("TargetKind") is { } kind ? Enum.Parse<TargetKind>(kind) : null,
        e.GetString("TargetId"),
        e.GetString("ManagerId"),
        e.GetBoolean("Success") ?? false,
        e.GetString("Detail"),
        e.RequiredDate("ExecutedAt"));
}
