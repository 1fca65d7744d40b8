// Owns starting a team run (one Durable orchestration per run) and reading its status back.
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Managers;

namespace SalesCoach.Core.Deals.Runs;

/// <summary>A run as the API shows it; <see cref="Status"/> is running, completed or failed.</summary>
public sealed record TeamRunView(string Id, string Status, TeamRunProgress Progress);

/// <summary>What a start returned: the run, and whether it had been started before (a deterministic id seen twice).</summary>
public sealed record TeamRunStart(string Id, int Total, DateTimeOffset CreatedAt, bool AlreadyStarted);

/// <summary>
/// Starts and reads team runs through a <see cref="DurableTaskClient"/>: the Functions host's client
/// under the isolated worker, the standalone engine's client elsewhere. A run id given by a timer
/// (daily-yyyyMMddHH, monitor-yyyyMMddHHmm) is started at most once (<see cref="RunClaims"/>).
/// </summary>
public sealed class TeamRuns(RunClaims claims, TimeProvider time, ILogger<TeamRuns> logger)
{
    private static readonly OrchestrationRuntimeStatus[] AnyState =
    [
        OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Completed,
        OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated, OrchestrationRuntimeStatus.Suspended,
    ];

    public static string NewRunId() => Guid.NewGuid().ToString("N");

    public async Task<TeamRunStart> StartAsync(DurableTaskClient client, string trigger, IReadOnlyCollection<Manager> managers, string? runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(managers);
        var id = runId ?? NewRunId();
        if (runId is not null && !await claims.TryClaimAsync(id, cancellationToken).ConfigureAwait(false))
        {
            logger.LogInformation("Run {RunId} was already started; not started again", id);
            var existing = await client.GetInstanceAsync(id, cancellationToken).ConfigureAwait(false);
            return new TeamRunStart(id, managers.Count, existing?.CreatedAt ?? time.GetUtcNow(), AlreadyStarted: true);
        }

        var input = new TeamRunInput(trigger, managers.Select(m => m.Id).ToList(), time.GetUtcNow());
        var options = new StartOrchestrationOptions(id).WithDedupeStatuses(AnyState);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(TeamRunNames.Orchestration, input, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (runId is not null && e is not OperationCanceledException)
        {
            await claims.ReleaseAsync(id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        logger.LogInformation("Run {RunId} ({Trigger}) started for {Total} managers", id, trigger, managers.Count);
        return new TeamRunStart(id, managers.Count, input.RequestedAt, AlreadyStarted: false);
    }

    public static async Task<TeamRunView?> GetAsync(DurableTaskClient client, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null || instance.Name != TeamRunNames.Orchestration)
        {
            return null;
        }
        var progress = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed
            ? instance.ReadOutputAs<TeamRunProgress>()
            : instance.ReadCustomStatusAs<TeamRunProgress>();
        // Before the orchestrator's first step nothing is reported yet: the input says who is in the run.
        progress ??= TeamRunProgress.Start(instance.ReadInputAs<TeamRunInput>() ?? new TeamRunInput("unknown", [], instance.CreatedAt));
        var status = instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Completed => "completed",
            OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated => "failed",
            _ => "running",
        };
        return new TeamRunView(instance.InstanceId, status, progress);
    }
}
