using System.Globalization;
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
public sealed class DailyReview(ManagerRepository managers, StartTeamRun startTeamRun, DailyReviewOptions options, TimeProvider time, ILogger<DailyReview> logger)
{
    public async Task<TeamRun?> RunAsync(CancellationToken cancellationToken)
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
        try
        {
            return await startTeamRun.StartAsync("daily-review", due, runId, cancellationToken).ConfigureAwait(false);
        }
        catch (ConflictException)
        {
            logger.LogInformation("Daily review run {RunId} already started", runId);
            return null;
        }
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
