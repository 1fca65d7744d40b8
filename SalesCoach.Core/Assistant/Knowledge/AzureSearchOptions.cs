// Owns the Azure AI Search settings ("AzureSearch" section) the knowledge base uses when Assistant:Search is "azure".
using System.Text.RegularExpressions;

namespace SalesCoach.Core.Assistant.Knowledge;

/// <summary>Azure AI Search settings, bound from the "AzureSearch" section (env: AzureSearch__Endpoint, …); read only when Assistant:Search is "azure".</summary>
public sealed partial record AzureSearchOptions
{
    /// <summary>The service's most documents in one indexing request (the service also caps a request at about 16 MB).</summary>
    public const int ServiceMaxBatch = 1000;

    /// <summary>e.g. https://my-service.search.windows.net</summary>
    public string? Endpoint { get; init; }

    /// <summary>An admin key: the index is created or updated and documents are uploaded with it.</summary>
    public string? ApiKey { get; init; }

    /// <summary>One index holds every shop's chunks; each shop (the storage prefix) filters on its own.</summary>
    public string IndexName { get; init; } = "salescoach-knowledge";

    /// <summary>Documents per indexing request, at most <see cref="ServiceMaxBatch"/>; a batch is also cut before it reaches the 16 MB request limit.</summary>
    public int BatchSize { get; init; } = ServiceMaxBatch;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of one call on 429/503 (honouring Retry-After), other 5xx and network errors.</summary>
    public int MaxRetries { get; init; } = 3;

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A longer Retry-After is not waited out in-line: the call fails (the message is retried by its queue).</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an upload waits for the service to make the new version searchable in full before it fails (the previous version stays in use).</summary>
    public TimeSpan IndexingWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Checks the settings once at start-up; the error names the setting to fix.</summary>
    public AzureSearchOptions Validated()
    {
        if (string.IsNullOrWhiteSpace(Endpoint) || string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new InvalidOperationException("Assistant:Search is 'azure' but AzureSearch:Endpoint and AzureSearch:ApiKey are not both set (the service URL, e.g. https://my-service.search.windows.net, and an admin key).");
        }
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"AzureSearch:Endpoint must be an absolute https URL such as https://my-service.search.windows.net, not '{Endpoint}'.");
        }
        if (!IndexNamePattern().IsMatch(IndexName))
        {
            throw new InvalidOperationException($"AzureSearch:IndexName '{IndexName}' is not a valid index name (lower-case letters, digits and dashes, starting with a letter or digit, at most 128 characters).");
        }
        if (BatchSize is < 1 or > ServiceMaxBatch)
        {
            throw new InvalidOperationException($"AzureSearch:BatchSize must be between 1 and {ServiceMaxBatch} (the service's limit per indexing request).");
        }
        if (MaxRetries < 0 || RequestTimeout <= TimeSpan.Zero || RetryBaseDelay < TimeSpan.Zero || MaxRetryAfter < TimeSpan.Zero || IndexingWait < TimeSpan.Zero)
        {
            throw new InvalidOperationException("AzureSearch:MaxRetries, RequestTimeout, RetryBaseDelay, MaxRetryAfter and IndexingWait must not be negative (RequestTimeout above zero).");
        }
        return this;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,126}[a-z0-9])?$")]
    private static partial Regex IndexNamePattern();
}
