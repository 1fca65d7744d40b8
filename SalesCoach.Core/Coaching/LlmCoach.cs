using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using Azure.AI.OpenAI;
using Microsoft.Extensions.Logging;
using OpenAI.Chat;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using SalesCoach.Core.Storage;

namespace SalesCoach.Core.Coaching;

/// <summary>
/// The AI coach: Azure OpenAI chat completions with a JSON-schema response format, validated by
/// <see cref="LlmAdviceParser"/>. Answers are cached by <see cref="DealContentHash"/>; an invalid answer
/// is asked for once more; any failure (invalid twice, 429 beyond patience, 5xx, timeout, open circuit)
/// falls back to the rule coach, so a deal always gets a full card.
/// </summary>
public sealed class LlmCoach : ICoach, IDisposable
{
    private readonly ChatClient chat;
    private readonly OpenAiOptions options;
    private readonly RuleCoach rules;
    private readonly CoachingCacheRepository cache;
    private readonly ILogger<LlmCoach> logger;
    private readonly SemaphoreSlim concurrency;
    private readonly ResiliencePipeline pipeline;
    private readonly string source;

    public LlmCoach(OpenAiOptions options, HttpClient httpClient, RuleCoach rules, CoachingCacheRepository cache, TimeProvider time, ILogger<LlmCoach> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            throw new InvalidOperationException("OpenAI:Endpoint, OpenAI:Deployment and OpenAI:ApiKey are all required for the LLM coach.");
        }
        this.options = options;
        this.rules = rules;
        this.cache = cache;
        this.logger = logger;
        concurrency = new SemaphoreSlim(Math.Max(1, options.MaxConcurrency));
        source = "llm:" + options.Deployment;

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

    public async Task<CoachingOutcome> AdviseAsync(DealContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var hash = DealContentHash.Compute(context);
        if (await cache.GetAsync(context.Deal.Id, hash, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return new CoachingOutcome(cached, CoachingUsage.None with { CacheHit = true });
        }

        var usage = CoachingUsage.None;
        ChatMessage[] messages = [new SystemChatMessage(CoachingPrompt.System), new UserChatMessage(CoachingPrompt.UserMessage(context))];
        var completionOptions = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(CoachingPrompt.SchemaName, CoachingPrompt.Schema, jsonSchemaIsStrict: true),
            MaxOutputTokenCount = options.MaxOutputTokens,
            Temperature = 0.2f,
        };

        // One more try for an answer that breaks the schema; transport failures were retried by Polly already.
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            ChatCompletion completion;
            await concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                completion = await pipeline.ExecuteAsync(
                    async token => (ChatCompletion)await chat.CompleteChatAsync(messages, completionOptions, token).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ClientResultException or BrokenCircuitException or TimeoutRejectedException or HttpRequestException)
            {
                logger.LogWarning("LLM coach unavailable for deal {DealId} ({Error}); using the rule coach", context.Deal.Id, Describe(e));
                break;
            }
            finally
            {
                concurrency.Release();
            }

            usage = usage.Add(new CoachingUsage(completion.Usage?.InputTokenCount ?? 0, completion.Usage?.OutputTokenCount ?? 0, 1, false));
            try
            {
                var text = completion.Content.Count > 0 ? completion.Content[0].Text : null;
                var advice = LlmAdviceParser.Parse(text, source);
                await cache.PutAsync(context.Deal.Id, hash, advice, context.Now, cancellationToken).ConfigureAwait(false);
                return new CoachingOutcome(advice, usage);
            }
            catch (InvalidLlmOutputException e)
            {
                logger.LogWarning("LLM answer for deal {DealId} rejected on attempt {Attempt}: {Reason}", context.Deal.Id, attempt, e.Message);
            }
        }

        return new CoachingOutcome(rules.Advise(context), usage);
    }

    public void Dispose() => concurrency.Dispose();

    private static string Describe(Exception e) => e is ClientResultException result
        ? string.Create(CultureInfo.InvariantCulture, $"HTTP {result.Status}")
        : e.GetType().Name;

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
        ClientResultException e => e.Status is 408 or 429 or >= 500 || e.Status == 0,
        HttpRequestException or TimeoutRejectedException => true,
        _ => false,
    };

    private static ResiliencePipeline BuildPipeline(OpenAiOptions options, TimeProvider time) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception switch
                {
                    ClientResultException { Status: 429 } e => RetryAfter(e) is not { } wait || wait <= options.MaxRetryAfter,
                    var other => IsTransient(other),
                }),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is ClientResultException { Status: 429 } e ? RetryAfter(e) : null),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 5,
                SamplingDuration = TimeSpan.FromSeconds(60),
                BreakDuration = TimeSpan.FromSeconds(60),
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception) && args.Outcome.Exception is not ClientResultException { Status: 429 }),
            })
            .AddTimeout(options.RequestTimeout)
            .Build();
}
