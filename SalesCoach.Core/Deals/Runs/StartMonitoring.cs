// Owns starting periodic monitoring.
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals.Runs;

/// <summary>Seed 000 "Start Periodic Monitoring": every N hours (1–168) analyse all deals; the first run is due at once.</summary>
public sealed class StartMonitoring(MonitoringRepository monitoring, TimeProvider time)
{
    public const int MinIntervalHours = 1;
    public const int MaxIntervalHours = 168;

    public async Task<MonitoringState> RunAsync(int intervalHours, CancellationToken cancellationToken)
    {
        if (intervalHours is < MinIntervalHours or > MaxIntervalHours)
        {
            throw new InputValidationException("interval_hours", $"'interval_hours' must be from {MinIntervalHours} to {MaxIntervalHours}, not {intervalHours}.");
        }
        var now = time.GetUtcNow();
        var (current, _) = await monitoring.GetAsync(cancellationToken).ConfigureAwait(false);
        var state = current with
        {
            IsRunning = true,
            IntervalHours = intervalHours,
            StartedAt = now,
            StoppedAt = null,
            NextRunAt = now,
        };
        await monitoring.SaveAsync(state, cancellationToken).ConfigureAwait(false);
        return state;
    }
}
