// Owns the daily review: which managers are at their review hour, and starting their run.
using System.Globalization;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals.Runs;

public sealed record DailyReviewOptions
{
    /// <summary>Local hour (0–23, in each manager's time zone) at which the daily review runs. Seed: 08:00.</summary>
    public int Hour { get; init; } = 8;
}

/// <summary>
/// Fired every hour on the hour: starts a team run for the managers whose local time is now in the
/// review hour. The run id is derived from the UTC hour, so a second firing in the same hour starts nothing.
/// </summary>
public sealed class DailyReview(ManagerRepository managers, TeamRuns teamRuns, DailyReviewOptions options, TimeProvider time, ILogger<DailyReview> logger)
{
    /// <summary>The run started now, or null when nobody is due or this hour's run already exists.</summary>
    public async Task<TeamRunStart?> RunAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var all = await managers.ListAsync(cancellationToken).ConfigureAwait(false);
        var due = all.Where(m => IsReviewHour(m, now)).ToList();
        if (due.Count == 0)
        {
            logger.LogInformation("Daily review at {Now:u}: no manager is at {Hour}:00 local time", now, options.Hour);
            return null;
        }
        var runId = "daily-" + now.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
        var run = await teamRuns.StartAsync(client, "daily-review", due, runId, cancellationToken).ConfigureAwait(false);
        return run.AlreadyStarted ? null : run;
    }

    private bool IsReviewHour(Manager manager, DateTimeOffset now)
    {
        if (!TimeZones.IsKnown(manager.TimeZone))
        {
            logger.LogWarning("Manager {ManagerId} has unknown time zone {TimeZone}; skipped by the daily review", manager.Id, manager.TimeZone);
            return false;
        }
        return TimeZones.ToLocal(now, manager.TimeZone).Hour == options.Hour;
    }
}
