// Owns JSON over HTTP to an outside service: its rate limit, the resilience pipeline, answers validated.
using System.Globalization;
using System.Net;
using System.Text.Json;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace SalesCoach.Core.Platform;

/// <summary>A CRM answered with an error status (after retries where they apply).</summary>
public sealed class OutboundHttpException(string source, HttpStatusCode status, string message, TimeSpan? retryAfter = null)
    : Exception($"{source}: HTTP {(int)status} {message}")
{
    public HttpStatusCode Status { get; } = status;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>A CRM answered, but not with the documented JSON shape (validated like any outside input).</summary>
public sealed class OutboundResponseException(string source, string message) : Exception($"{source}: {message}");

/// <summary>
/// The HTTP side every CRM client shares: a request-rate limit (amoCRM 7/s, RetailCRM 10/s), the
/// outbound Polly pipeline (429 honouring Retry-After, 5xx and network retries, breaker, timeout),
/// and JSON parsing that turns a malformed answer into a clear error.
/// </summary>
public sealed class OutboundJsonHttp
{
    private readonly HttpClient http;
    private readonly string source;
    private readonly RateGate rate;
    private readonly ResiliencePipeline pipeline;
    private readonly TimeProvider time;

    public OutboundJsonHttp(string source, HttpClient http, int requestsPerSecond, TimeSpan timeout, int maxRetries, TimeSpan retryBaseDelay, TimeProvider time)
    {
        this.source = source;
        this.http = http;
        this.time = time;
        rate = new RateGate(requestsPerSecond, time);
        pipeline = OutboundPipeline.Build(new OutboundPolicy
        {
            MaxRetries = maxRetries,
            RetryBaseDelay = retryBaseDelay,
            AttemptTimeout = timeout,
            IsTransient = e => e switch
            {
                OutboundHttpException c => (int)c.Status is 429 or >= 500,
                HttpRequestException or TimeoutRejectedException => true,
                _ => false,
            },
            RateLimitWait = e => e is OutboundHttpException { Status: HttpStatusCode.TooManyRequests } c ? c.RetryAfter ?? retryBaseDelay : null,
            MaxRateLimitWait = TimeSpan.FromSeconds(60),
        }, time);
    }

    /// <summary>Sends the request built by <paramref name="build"/> (built anew per attempt); null for 204 No Content.</summary>
    public async Task<JsonElement?> SendAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(async token =>
            {
                await rate.WaitAsync(token).ConfigureAwait(false);
                using var request = build();
                using var response = await http.SendAsync(request, token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    return (JsonElement?)null;
                }
                var text = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new OutboundHttpException(source, response.StatusCode, text.Length > 300 ? text[..300] : text, RetryAfter(response));
                }
                try
                {
                    return JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException e)
                {
                    throw new OutboundResponseException(source, $"the answer is not JSON ({e.Message})");
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException e)
        {
            throw new OutboundHttpException(source, HttpStatusCode.ServiceUnavailable, "circuit open after repeated failures", e.RetryAfter);
        }
        catch (TimeoutRejectedException)
        {
            throw new OutboundHttpException(source, HttpStatusCode.GatewayTimeout, "timed out");
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            return delta;
        }
        if (response.Headers.RetryAfter?.Date is { } date)
        {
            return date - DateTimeOffset.UtcNow;
        }
        return null;
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
