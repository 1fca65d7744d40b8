// Owns the team run's data: what an orchestration is given, what each manager's activity returns, and the progress it reports.
using SalesCoach.Core.Deals.Coaching;

namespace SalesCoach.Core.Deals.Runs;

/// <summary>The function names of the team run; the orchestrator calls its activities by these names.</summary>
public static class TeamRunNames
{
    public const string Orchestration = "TeamRun";
    public const string AnalyzeManager = "AnalyzeManagerDeals";
    public const string QueueSummary = "QueueManagerSummary";
}

/// <summary>Prompt and completion tokens, LLM calls and cache hits, summed over deals, managers and runs.</summary>
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

/// <summary>The orchestration's input: who is in the run and why it started.</summary>
public sealed record TeamRunInput(string Trigger, IReadOnlyList<string> ManagerIds, DateTimeOffset RequestedAt);

/// <summary>One manager's activity input.</summary>
public sealed record ManagerRunInput(string RunId, string ManagerId);

/// <summary>One manager's activity output: the summary to send after the fan-in, and the tokens spent.</summary>
public sealed record ManagerRunResult(ManagerDealsSummary Summary, TokenUsage Usage);

/// <summary>The summary activity's input.</summary>
public sealed record ManagerSummaryInput(string RunId, string ManagerId, ManagerDealsSummary Summary);

public static class ManagerRunStates
{
    public const string Pending = "pending";
    public const string Done = "done";
    public const string Failed = "failed";
}

/// <summary>One manager's share of a run as GET /api/runs/{id} shows it.</summary>
public sealed record ManagerProgress(string ManagerId, string State, string? Error, TokenUsage TokenUsage);

/// <summary>
/// A team run's progress: the orchestration's custom status while it runs and its output when it is
/// done. Kept small (no deal lines) because Durable stores it with every checkpoint.
/// </summary>
public sealed record TeamRunProgress(
    string Trigger, int Total, int Done, int Failed, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt,
    TokenUsage TokenUsage, IReadOnlyList<ManagerProgress> Managers)
{
    /// <summary>The longest error text kept per manager.</summary>
    public const int MaxErrorLength = 300;

    public static TeamRunProgress Start(TeamRunInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new(input.Trigger, input.ManagerIds.Count, 0, 0, input.RequestedAt, null, TokenUsage.None,
            input.ManagerIds.Select(id => new ManagerProgress(id, ManagerRunStates.Pending, null, TokenUsage.None)).ToList());
    }

    public bool AllFinished => Done + Failed == Total;

    public TeamRunProgress WithDone(string managerId, TokenUsage usage) =>
        With(managerId, m => m with { State = ManagerRunStates.Done, TokenUsage = usage }) with
        {
            Done = Done + 1,
            TokenUsage = TokenUsage.Add(usage),
        };

    public TeamRunProgress WithFailed(string managerId, string error) =>
        With(managerId, m => m with { State = ManagerRunStates.Failed, Error = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error }) with
        {
            Failed = Failed + 1,
        };

    public TeamRunProgress CompletedAtTime(DateTimeOffset at) => this with { CompletedAt = at };

    private TeamRunProgress With(string managerId, Func<ManagerProgress, ManagerProgress> change) => this with
    {
        Managers = Managers.Select(m => m.ManagerId == managerId ? change(m) : m).ToList(),
    };
}
