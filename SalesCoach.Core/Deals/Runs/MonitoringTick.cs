// Owns starting the periodic monitoring run when it is due.
using System.Globalization;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Managers;

namespace SalesCoach.Core.Deals.Runs;

/// <summary>
/// Fired every minute: when monitoring is on and its next run is due, claims the run (ETag, so one
/// instance wins) and starts a team run over all managers. A team run queues each manager's summary
/// and detailed cards only for high-priority deals, as seed 000's periodic monitoring does.
/// </summary>
public sealed class MonitoringTick(MonitoringRepository monitoring, ManagerRepository managers, TeamRuns teamRuns, TimeProvider time, ILogger<MonitoringTick> logger)
{
    public async Task<TeamRunStart?> RunAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (state, etag) = await monitoring.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!state.IsRunning || etag is null || state.NextRunAt is not { } due || due > now || state.IntervalHours is not { } hours)
        {
            return null;
        }

        var runId = "monitor-" + now.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);
        var claimed = state with { LastRunAt = now, LastRunId = runId, NextRunAt = now.AddHours(hours) };
        if (!await monitoring.TrySaveAsync(claimed, etag.Value, cancellationToken).ConfigureAwait(false))
        {
            logger.LogInformation("Monitoring run at {Now:u} claimed by another instance", now);
            return null;
        }
        var team = await managers.ListAsync(cancellationToken).ConfigureAwait(false);
        return await teamRuns.StartAsync(client, "monitoring", team, runId, cancellationToken).ConfigureAwait(false);
    }
}
