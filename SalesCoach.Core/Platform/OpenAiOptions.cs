// Owns Azure OpenAI settings.
namespace SalesCoach.Core.Platform;

/// <summary>Azure OpenAI settings, bound from the "OpenAI" section (env: OpenAI__Endpoint, …). All three of endpoint, deployment and key enable the LLM coach.</summary>
public sealed record OpenAiOptions
{
    /// <summary>e.g. https://my-resource.openai.azure.com/</summary>
    public string? Endpoint { get; init; }
    /// <summary>The chat model deployment name, e.g. "gpt-4o-mini".</summary>
    public string? Deployment { get; init; }
    public string? ApiKey { get; init; }
    /// <summary>LLM calls in flight at once from one instance.</summary>
    public int MaxConcurrency { get; init; } = 4;
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Retries of one call on 429 (honouring Retry-After) and 5xx/network errors.</summary>
    public int MaxRetries { get; init; } = 3;
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>A Retry-After longer than this is not waited out: the deal falls back to the rule coach.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);
    public int MaxOutputTokens { get; init; } = 1500;

    public bool IsConfigured =>
        Uri.TryCreate(Endpoint, UriKind.Absolute, out _) && !string.IsNullOrWhiteSpace(Deployment) && !string.IsNullOrWhiteSpace(ApiKey);
}
