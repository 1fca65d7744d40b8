// Owns the agent's jobs by name (seed 001's seven background jobs): running one, recording each run, and their last runs.
using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Agent;

/// <summary>The last run of one job: when, how long, whether it worked, and what it did.</summary>
public sealed record JobRun(string JobName, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, bool Success, string Detail);

/// <summary>A job's answer to POST /api/agent/jobs/trigger (seed 001's shape plus what it did).</summary>
public sealed record JobTriggered(bool Success, string Job, DateTimeOffset Timestamp, string Detail);

/// <summary>
/// The seven jobs under their seed names: daily_review, inactivity_check, view_refresh, expire_recommendations,
/// squad_analysis, data_cleanup, health_check. Timers run them on their schedules (settings Agent__*Schedule);
/// <see cref="RunAsync"/> runs one now. Every run is recorded (the health check reports each job's last run);
/// a failing job is recorded as failed and its error returned, never thrown at the timer.
/// </summary>
public sealed class AgentJobs(
    AgentDailyReview dailyReview,
    CheckInactivity inactivity,
    RefreshAgentViews views,
    ExpireRecommendations expiry,
    SquadAnalysis squads,
    CleanupAgentData cleanup,
    HealthCheck health,
    StorageAccount storage,
    TimeProvider time,
    ILogger<AgentJobs> logger)
{
    private const string RunsTable = "agentjobruns";
    private const string Partition = "job";

    public static IReadOnlyList<string> Names { get; } =
        ["daily_review", "inactivity_check", "view_refresh", "expire_recommendations", "squad_analysis", "data_cleanup", "health_check"];

    /// <param name="manual">Triggered by hand: the daily review plans every manager's day, not only those at their review hour.</param>
    public async Task<JobTriggered> RunAsync(string? jobName, bool manual, CancellationToken cancellationToken)
    {
        if (jobName is null || !Names.Contains(jobName))
        {
            throw new InputValidationException("job_name", $"'job_name' must be one of {string.Join(", ", Names)}, not '{jobName}'.");
        }
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        string detail;
        bool success;
        try
        {
            detail = jobName switch
            {
                "daily_review" => Json.Serialize(await dailyReview.RunAsync(manual, cancellationToken).ConfigureAwait(false)),
                "inactivity_check" => Json.Serialize(await inactivity.RunAsync(cancellationToken).ConfigureAwait(false)),
                "view_refresh" => Json.Serialize(await views.RunAsync(cancellationToken).ConfigureAwait(false)),
                "expire_recommendations" => Json.Serialize(new { expired = await expiry.RunAsync(cancellationToken).ConfigureAwait(false) }),
                "squad_analysis" => Json.Serialize(await squads.RunAsync(cancellationToken).ConfigureAwait(false)),
                "data_cleanup" => Json.Serialize(await cleanup.RunAsync(cancellationToken).ConfigureAwait(false)),
                _ => Json.Serialize((await health.RunAsync(await LastRunsAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false)).Status),
            };
            success = true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Agent job {Job} failed", jobName);
            detail = e.GetType().Name + ": " + e.Message;
            success = false;
        }
        var finished = started + clock.Elapsed;
        await RecordAsync(new JobRun(jobName, started, finished, success, detail), cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Agent job {Job} {Outcome} in {Ms:0} ms: {Detail}", jobName, success ? "done" : "failed", clock.Elapsed.TotalMilliseconds, detail);
        return new JobTriggered(success, jobName, finished, detail);
    }

    public async Task<IReadOnlyList<JobRun>> LastRunsAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(RunsTable).ConfigureAwait(false);
        var runs = await table.QueryListAsync($"PartitionKey eq {Keys.Literal(Partition)}", e => new JobRun(e.RowKey, e.RequiredDate("StartedAt"), e.RequiredDate("FinishedAt"),
            e.GetBoolean("Success") ?? false, e.GetString("Detail") ?? ""), cancellationToken).ConfigureAwait(false);
        return [.. runs.OrderBy(r => Names.ToList().IndexOf(r.JobName))];
    }

    private async Task RecordAsync(JobRun run, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(RunsTable).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(Partition, run.JobName)
        {
            ["StartedAt"] = run.StartedAt,
            ["FinishedAt"] = run.FinishedAt,
            ["Success"] = run.Success,
            ["Detail"] = run.Detail.Length > 4000 ? run.Detail[..4000] : run.Detail,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }
}
