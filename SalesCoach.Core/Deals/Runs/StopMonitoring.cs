// Owns stopping periodic monitoring.
namespace SalesCoach.Core.Deals.Runs;

/// <summary>Seed 000 "Stop Monitoring".</summary>
public sealed class StopMonitoring(MonitoringRepository monitoring, TimeProvider time)
{
    public async Task<MonitoringState> RunAsync(CancellationToken cancellationToken)
    {
        var (current, _) = await monitoring.GetAsync(cancellationToken).ConfigureAwait(false);
        var state = current with { IsRunning = false, StoppedAt = time.GetUtcNow(), NextRunAt = null };
        await monitoring.SaveAsync(state, cancellationToken).ConfigureAwait(false);
        return state;
    }
}
