// Owns structured-output chat completions on Azure OpenAI, shared by every LLM seam.
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using Azure.AI.OpenAI;
using OpenAI.Chat;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace SalesCoach.Core.Platform;

/// <summary>One structured-output chat completion: the answer's text and what it cost.</summary>
public sealed record ChatAnswer(string? Content, int PromptTokens, int CompletionTokens);

/// <summary>The LLM could not be reached or kept failing (after retries, on timeout, or with its circuit open).</summary>
public sealed class LlmUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Azure OpenAI chat completions with a JSON-schema response format, behind one Polly pipeline
/// (retries honouring Retry-After, circuit breaker, per-attempt timeout) and a concurrency bound.
/// Shared by every LLM-backed seam (deal coach, lead scorer).
/// </summary>
public sealed class AzureOpenAiChat : IDisposable
{
    private readonly ChatClient chat;
    private readonly OpenAiOptions options;
    private readonly SemaphoreSlim concurrency;
    private readonly ResiliencePipeline pipeline;

    public AzureOpenAiChat(OpenAiOptions options, HttpClient httpClient, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            throw new InvalidOperationException("OpenAI:Endpoint, OpenAI:Deployment and OpenAI:ApiKey are all required for the LLM.");
        }
        this.options = options;
        concurrency = new SemaphoreSlim(Math.Max(1, options.MaxConcurrency));
        var clientOptions = new AzureOpenAIClientOptions
        {
            // Polly owns retries and timeouts, so every policy lives in one place.
            RetryPolicy = new ClientRetryPolicy(0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
            Transport = new HttpClientPipelineTransport(httpClient),
        };
        chat = new AzureOpenAIClient(new Uri(options.Endpoint!), new ApiKeyCredential(options.ApiKey!), clientOptions).GetChatClient(options.Deployment);
        pipeline = BuildPipeline(options, time);
    }

    /// <summary>"llm:{deployment}", the source recorded with every answer.</summary>
    public string Source => "llm:" + options.Deployment;

    public async Task<ChatAnswer> CompleteJsonAsync(string system, string user, string schemaName, BinaryData schema, CancellationToken cancellationToken)
    {
        ChatMessage[] messages = [new SystemChatMessage(system), new UserChatMessage(user)];
        var completionOptions = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(schemaName, schema, jsonSchemaIsStrict: true),
            MaxOutputTokenCount = options.MaxOutputTokens,
            Temperature = 0.2f,
        };
        await concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var completion = await pipeline.ExecuteAsync(
                async token => (ChatCompletion)await chat.CompleteChatAsync(messages, completionOptions, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            var answer = new ChatAnswer(
                completion.Content.Count > 0 ? completion.Content[0].Text : null,
                completion.Usage?.InputTokenCount ?? 0,
                completion.Usage?.OutputTokenCount ?? 0);
            SalesCoachTelemetry.LlmTokens.Add(answer.PromptTokens, new KeyValuePair<string, object?>("kind", "prompt"), new KeyValuePair<string, object?>("schema", schemaName));
            SalesCoachTelemetry.LlmTokens.Add(answer.CompletionTokens, new KeyValuePair<string, object?>("kind", "completion"), new KeyValuePair<string, object?>("schema", schemaName));
            return answer;
        }
        catch (Exception e) when (e is ClientResultException or BrokenCircuitException or TimeoutRejectedException or HttpRequestException)
        {
            var what = e is ClientResultException result ? string.Create(CultureInfo.InvariantCulture, $"HTTP {result.Status}") : e.GetType().Name;
            throw new LlmUnavailableException($"Azure OpenAI unavailable: {what}", e);
        }
        finally
        {
            concurrency.Release();
        }
    }

    public void Dispose() => concurrency.Dispose();

    internal static TimeSpan? RetryAfter(ClientResultException exception)
    {
        var headers = exception.GetRawResponse()?.Headers;
        if (headers is null)
        {
            return null;
        }
        if (headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis))
        {
            return TimeSpan.FromMilliseconds(millis);
        }
        if (headers.TryGetValue("Retry-After", out var value))
        {
            if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }
        return null;
    }

    private static bool IsTransient(Exception? exception) => exception switch
    {
        ClientResultException e => e.Status is 0 or 408 or 429 or >= 500,
        HttpRequestException or TimeoutRejectedException => true,
        _ => false,
    };

    internal static ResiliencePipeline BuildPipeline(OpenAiOptions options, TimeProvider time) =>
        OutboundPipeline.Build(new OutboundPolicy
        {
            MaxRetries = options.MaxRetries,
            RetryBaseDelay = options.RetryBaseDelay,
            AttemptTimeout = options.RequestTimeout,
            IsTransient = IsTransient,
            // A 429 without Retry-After still counts as a rate limit: back off exponentially.
            RateLimitWait = e => e is ClientResultException { Status: 429 } limited ? RetryAfter(limited) ?? options.RetryBaseDelay : null,
            MaxRateLimitWait = options.MaxRetryAfter,
            BreakerSampling = TimeSpan.FromSeconds(60),
            BreakDuration = TimeSpan.FromSeconds(60),
        }, time);
}
