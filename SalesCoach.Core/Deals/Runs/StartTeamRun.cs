using Microsoft.Extensions.Logging;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals.Runs;

/// <summary>Fan-out: records a run with one work item per manager and queues one message per manager.</summary>
public sealed class StartTeamRun(RunRepository runs, StorageAccount storage, TimeProvider time, ILogger<StartTeamRun> logger)
{
    public static string NewRunId() => Guid.NewGuid().ToString("N");

    /// <summary>Starts a run; with an explicit <paramref name="runId"/> a second start of the same run is a <see cref="ConflictException"/>.</summary>
    public async Task<TeamRun> StartAsync(string trigger, IReadOnlyCollection<Manager> managers, string? runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(managers);
        var now = time.GetUtcNow();
        var run = new TeamRun
        {
            Id = runId ?? NewRunId(),
            Trigger = trigger,
            // A run with nobody in it is complete the moment it starts.
            Status = managers.Count == 0 ? RunStatus.Completed : RunStatus.Running,
            Total = managers.Count,
            Done = 0,
            Failed = 0,
            CreatedAt = now,
            CompletedAt = managers.Count == 0 ? now : null,
        };
        await runs.CreateAsync(run, managers.Select(m => m.Id).ToList(), cancellationToken).ConfigureAwait(false);

        var queue = await storage.QueueAsync(QueueNames.ManagerAnalysis).ConfigureAwait(false);
        foreach (var manager in managers)
        {
            await queue.SendMessageAsync(Json.Serialize(new ManagerWorkMessage(run.Id, manager.Id)), cancellationToken).ConfigureAwait(false);
        }
        logger.LogInformation("Run {RunId} ({Trigger}) started for {Total} managers", run.Id, trigger, run.Total);
        return run;
    }
}
