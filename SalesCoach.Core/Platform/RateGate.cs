// Owns pacing outgoing calls to a rate (N per second, evenly spaced) with the .NET token-bucket limiter.
using System.Threading.RateLimiting;

namespace SalesCoach.Core.Platform;

/// <summary>
/// A rate of N calls per second as a <see cref="TokenBucketRateLimiter"/> of one token replenished every
/// 1/N s: calls are spread evenly (no burst of N at once, which outside services count against you) and
/// waiters are served oldest first. <see cref="PauseUntil"/> holds everyone back when the other side
/// says "too many requests" for the whole client.
/// </summary>
public sealed class RateGate : IDisposable
{
    private readonly TokenBucketRateLimiter limiter;
    private readonly TimeProvider time;
    private long pausedUntilTicks;

    public RateGate(double perSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        this.time = time;
        limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            // Rounded up, so N periods never add up to less than a second.
            ReplenishmentPeriod = TimeSpan.FromTicks((long)Math.Ceiling(TimeSpan.TicksPerSecond / perSecond)),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var paused = new DateTimeOffset(Interlocked.Read(ref pausedUntilTicks), TimeSpan.Zero) - time.GetUtcNow();
        if (paused > TimeSpan.Zero)
        {
            await Task.Delay(paused, time, cancellationToken).ConfigureAwait(false);
        }
        using var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            throw new InvalidOperationException("The rate gate refused a permit it should have queued.");
        }
    }

    /// <summary>No call passes before <paramref name="until"/> (a later pause extends an earlier one).</summary>
    public void PauseUntil(DateTimeOffset until)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref pausedUntilTicks);
            if (until.UtcTicks <= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref pausedUntilTicks, until.UtcTicks, current) != current);
    }

    public void Dispose() => limiter.Dispose();
}
