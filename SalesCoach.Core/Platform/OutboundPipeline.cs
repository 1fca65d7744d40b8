// Owns the shared Polly pipeline for every outgoing call: retries honouring Retry-After, breaker, timeout.
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace SalesCoach.Core.Platform;

/// <summary>How one external service fails, and how patient we are with it.</summary>
public sealed record OutboundPolicy
{
    public required int MaxRetries { get; init; }
    public required TimeSpan RetryBaseDelay { get; init; }
    public required TimeSpan AttemptTimeout { get; init; }
    /// <summary>Failures worth another try (5xx, 429, network, timeouts).</summary>
    public required Func<Exception, bool> IsTransient { get; init; }
    /// <summary>For a rate-limit refusal, the wait the service asked for (Retry-After / retry_after); null otherwise.</summary>
    public required Func<Exception, TimeSpan?> RateLimitWait { get; init; }
    /// <summary>A longer requested wait is not waited out in-line: the caller gets the error and decides.</summary>
    public required TimeSpan MaxRateLimitWait { get; init; }
    public TimeSpan BreakerSampling { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The one resilience shape every outgoing call uses (Telegram, Azure OpenAI, CRMs): retries with
/// exponential backoff and jitter that wait exactly what a rate limit asks for, a circuit breaker that
/// opens at ≥ 50 % failures over ≥ 5 calls (rate limits do not count: that is the service pacing us),
/// and a per-attempt timeout.
/// </summary>
public static class OutboundPipeline
{
    public static ResiliencePipeline Build(OutboundPolicy policy, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(policy);
        bool IsRateLimit(Exception e) => policy.RateLimitWait(e) is not null;
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, policy.MaxRetries),
                Delay = policy.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && policy.IsTransient(e)
                    && (policy.RateLimitWait(e) is not { } wait || wait <= policy.MaxRateLimitWait)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is { } e ? policy.RateLimitWait(e) : null),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 5,
                SamplingDuration = policy.BreakerSampling,
                BreakDuration = policy.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && policy.IsTransient(e) && !IsRateLimit(e)),
            })
            .AddTimeout(policy.AttemptTimeout)
            .Build();
    }
}
