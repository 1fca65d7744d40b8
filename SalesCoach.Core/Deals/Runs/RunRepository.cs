using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals.Runs;

public enum RunStatus
{
    Running,
    Completed,
}

public enum WorkItemState
{
    Pending,
    Done,
    Failed,
}

/// <summary>LLM cost of a run or one manager's share of it.</summary>
public sealed record TokenUsage(int PromptTokens, int CompletionTokens, int LlmCalls, int CacheHits)
{
    public static TokenUsage None { get; } = new(0, 0, 0, 0);

    public TokenUsage Add(CoachingUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return new(PromptTokens + usage.PromptTokens, CompletionTokens + usage.CompletionTokens, LlmCalls + usage.LlmCalls, CacheHits + (usage.CacheHit ? 1 : 0));
    }

    public TokenUsage Add(TokenUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(PromptTokens + other.PromptTokens, CompletionTokens + other.CompletionTokens, LlmCalls + other.LlmCalls, CacheHits + other.CacheHits);
    }
}

/// <summary>A team run: the fan-out of one analysis per manager and its fan-in counters.</summary>
public sealed record TeamRun
{
    public required string Id { get; init; }
    public required string Trigger { get; init; }
    public required RunStatus Status { get; init; }
    public required int Total { get; init; }
    public required int Done { get; init; }
    public required int Failed { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public TokenUsage Usage { get; init; } = TokenUsage.None;

    public bool AllItemsFinished => Done + Failed >= Total;
}

/// <summary>One manager's share of a run. <see cref="ResultJson"/> carries what the finalizer needs.</summary>
public sealed record WorkItem
{
    public required string RunId { get; init; }
    public required string ManagerId { get; init; }
    public required WorkItemState State { get; init; }
    public string? ResultJson { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public TokenUsage Usage { get; init; } = TokenUsage.None;
}

/// <summary>
/// Runs and their work items share a partition (the run id), so "mark my item finished and count it"
/// is one entity-group transaction guarded by both ETags: exactly-once counting without Durable.
/// </summary>
public sealed class RunRepository(StorageAccount storage)
{
    private const string TableName = "runs";
    private const string RunRow = "run";
    private const string ItemPrefix = "m_";
    private const int MaxConcurrencyRetries = 20;

    public async Task CreateAsync(TeamRun run, IReadOnlyCollection<string> managerIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(managerIds);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        // Items first, the run record last: a run that is visible always has all of its items. Both are
        // "add", so starting the same run id twice fails instead of resetting finished items.
        try
        {
            foreach (var chunk in managerIds.Chunk(100))
            {
                var actions = chunk.Select(id => new TableTransactionAction(TableTransactionActionType.Add, ItemEntity(new WorkItem
                {
                    RunId = run.Id,
                    ManagerId = id,
                    State = WorkItemState.Pending,
                })));
                await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            await table.AddEntityAsync(RunEntity(run), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            throw new ConflictException($"Run '{run.Id}' already exists.");
        }
    }

    public async Task<TeamRun?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(runId, RunRow, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : RunFromEntity(entity);
    }

    public async Task<WorkItem?> GetItemAsync(string runId, string managerId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(runId, ItemPrefix + managerId, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : ItemFromEntity(entity);
    }

    public async Task<IReadOnlyList<WorkItem>> ListItemsAsync(string runId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var filter = $"PartitionKey eq {Keys.Literal(runId)} and RowKey ge '{ItemPrefix}' and RowKey lt 'm`'";
        return await table.QueryListAsync(filter, ItemFromEntity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records a manager's outcome and counts it on the run, atomically. Returns the run after the
    /// update and whether this call did it (false when the item was already finished: a redelivery).
    /// </summary>
    public async Task<(TeamRun Run, bool Counted)> FinishItemAsync(WorkItem finished, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finished);
        if (finished.State == WorkItemState.Pending)
        {
            throw new ArgumentException("A finished work item is Done or Failed.", nameof(finished));
        }
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var runEntity = await table.FindAsync(finished.RunId, RunRow, cancellationToken).ConfigureAwait(false)
                ?? throw new NotFoundException("Run", finished.RunId);
            var itemEntity = await table.FindAsync(finished.RunId, ItemPrefix + finished.ManagerId, cancellationToken).ConfigureAwait(false)
                ?? throw new NotFoundException("Work item", $"{finished.RunId}/{finished.ManagerId}");
            var run = RunFromEntity(runEntity);
            if (ItemFromEntity(itemEntity).State != WorkItemState.Pending)
            {
                return (run, false);
            }

            var counted = run with
            {
                Done = run.Done + (finished.State == WorkItemState.Done ? 1 : 0),
                Failed = run.Failed + (finished.State == WorkItemState.Failed ? 1 : 0),
                Usage = run.Usage.Add(finished.Usage),
            };
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.UpdateReplace, ItemEntity(finished), itemEntity.ETag),
                new(TableTransactionActionType.UpdateReplace, RunEntity(counted), runEntity.ETag),
            ];
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return (counted, true);
            }
            catch (TableTransactionFailedException e) when (e.Status == 412 && attempt < MaxConcurrencyRetries)
            {
                // Another manager finished at the same moment; reload and count again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Moves a run from Running to Completed once; false if it was already completed.</summary>
    public async Task<bool> MarkCompletedAsync(string runId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var entity = await table.FindAsync(runId, RunRow, cancellationToken).ConfigureAwait(false)
                ?? throw new NotFoundException("Run", runId);
            var run = RunFromEntity(entity);
            if (run.Status == RunStatus.Completed)
            {
                return false;
            }
            try
            {
                await table.UpdateEntityAsync(RunEntity(run with { Status = RunStatus.Completed, CompletedAt = at }), entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when (e.IsPreconditionFailed() && attempt < MaxConcurrencyRetries)
            {
            }
        }
    }

    private static TableEntity RunEntity(TeamRun run) => new(run.Id, RunRow)
    {
        ["Trigger"] = run.Trigger,
        ["Status"] = run.Status.ToString(),
        ["Total"] = run.Total,
        ["Done"] = run.Done,
        ["Failed"] = run.Failed,
        ["CreatedAt"] = run.CreatedAt,
        ["CompletedAt"] = run.CompletedAt,
        ["PromptTokens"] = run.Usage.PromptTokens,
        ["CompletionTokens"] = run.Usage.CompletionTokens,
        ["LlmCalls"] = run.Usage.LlmCalls,
        ["CacheHits"] = run.Usage.CacheHits,
    };

    private static TeamRun RunFromEntity(TableEntity entity) => new()
    {
        Id = entity.PartitionKey,
        Trigger = entity.RequiredString("Trigger"),
        Status = Enum.Parse<RunStatus>(entity.RequiredString("Status")),
        Total = entity.GetInt32("Total") ?? 0,
        Done = entity.GetInt32("Done") ?? 0,
        Failed = entity.GetInt32("Failed") ?? 0,
        CreatedAt = entity.RequiredDate("CreatedAt"),
        CompletedAt = entity.GetDateTimeOffset("CompletedAt"),
        Usage = UsageFromEntity(entity),
    };

    private static TableEntity ItemEntity(WorkItem item) => new(item.RunId, ItemPrefix + item.ManagerId)
    {
        ["ManagerId"] = item.ManagerId,
        ["State"] = item.State.ToString(),
        ["ResultJson"] = item.ResultJson,
        ["Error"] = item.Error,
        ["FinishedAt"] = item.FinishedAt,
        ["PromptTokens"] = item.Usage.PromptTokens,
        ["CompletionTokens"] = item.Usage.CompletionTokens,
        ["LlmCalls"] = item.Usage.LlmCalls,
        ["CacheHits"] = item.Usage.CacheHits,
    };

    private static WorkItem ItemFromEntity(TableEntity entity) => new()
    {
        RunId = entity.PartitionKey,
        ManagerId = entity.RequiredString("ManagerId"),
        State = Enum.Parse<WorkItemState>(entity.RequiredString("State")),
        ResultJson = entity.GetString("ResultJson"),
        Error = entity.GetString("Error"),
        FinishedAt = entity.GetDateTimeOffset("FinishedAt"),
        Usage = UsageFromEntity(entity),
    };

    private static TokenUsage UsageFromEntity(TableEntity entity) => new(
        entity.GetInt32("PromptTokens") ?? 0,
        entity.GetInt32("CompletionTokens") ?? 0,
        entity.GetInt32("LlmCalls") ?? 0,
        entity.GetInt32("CacheHits") ?? 0);
}
