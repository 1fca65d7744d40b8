// Owns the team run orchestration: one activity per manager (fan-out), fan-in with progress, then each manager's summary.
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using SalesCoach.Core.Deals.Runs;

namespace SalesCoach.Functions.Functions.Deals;

/// <summary>
/// The orchestrator class is the <see cref="TaskOrchestrator{TInput,TOutput}"/> itself, so the Functions
/// host (through the function below) and the standalone engine (through the shim) run the same code.
/// A manager whose activity still fails after its retries is counted as failed and the run goes on.
/// Orchestrator code replays: no clock, no I/O, no randomness here, only the context.
/// </summary>
public sealed class TeamRun : TaskOrchestrator<TeamRunInput, TeamRunProgress>
{
    /// <summary>Each manager's analysis gets three attempts, 2 s then 4 s apart.</summary>
    public static readonly TaskOptions ActivityRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(2), backoffCoefficient: 2));

    [Function(TeamRunNames.Orchestration)]
    public static Task<TeamRunProgress> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new TeamRun().RunAsync(context, context.GetInput<TeamRunInput>()!);
    }

    public override async Task<TeamRunProgress> RunAsync(TaskOrchestrationContext context, TeamRunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var progress = TeamRunProgress.Start(input);
        context.SetCustomStatus(progress);

        // The win model and the team's norms first (fitted when missing or old); a failure leaves the one in use.
        try
        {
            await context.CallActivityAsync<RefreshWinModel.Result>(RefreshWinModel.Name, context.InstanceId, ActivityRetry);
        }
        catch (TaskFailedException)
        {
        }

        var pending = input.ManagerIds.ToDictionary(
            id => context.CallActivityAsync<ManagerRunResult>(TeamRunNames.AnalyzeManager, new ManagerRunInput(context.InstanceId, id), ActivityRetry),
            id => id);
        var summaries = new List<ManagerSummaryInput>();
        while (pending.Count > 0)
        {
            var finished = await Task.WhenAny(pending.Keys);
            var managerId = pending[finished];
            pending.Remove(finished);
            try
            {
                var result = await finished;
                progress = progress.WithDone(managerId, result.Usage);
                summaries.Add(new ManagerSummaryInput(context.InstanceId, managerId, result.Summary));
            }
            catch (TaskFailedException e)
            {
                progress = progress.WithFailed(managerId, $"{e.FailureDetails.ErrorType}: {e.FailureDetails.ErrorMessage}");
            }
            context.SetCustomStatus(progress);
        }

        // Fan-in done: each manager's summary, ranked over all of their deals.
        var queued = summaries.Select(s => context.CallActivityAsync<int>(TeamRunNames.QueueSummary, s, ActivityRetry)).ToList();
        foreach (var summary in queued)
        {
            try
            {
                await summary;
            }
            catch (TaskFailedException)
            {
                // A summary that cannot be queued does not undo the analyses; the run still completes.
            }
        }
        progress = progress.CompletedAtTime(new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero));
        context.SetCustomStatus(progress);
        return progress;
    }
}
