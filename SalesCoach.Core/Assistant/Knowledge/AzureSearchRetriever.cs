// Owns the Azure AI Search retriever: the index schema, uploading and deleting a shop's chunks in batches, BM25 search with the same coverage as the local index.
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core.Pipeline;
using Azure.Search.Documents;
using Azure.Search.Documents.Indexes;
using Azure.Search.Documents.Indexes.Models;
using Azure.Search.Documents.Models;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Assistant.Knowledge;

/// <summary>
/// The knowledge base on Azure AI Search (Azure.Search.Documents 11.5, REST api-version 2023-11-01), for
/// catalogues too large to hold in every instance's memory. One index serves every shop: a document is one
/// chunk of one version, keyed by shop, version and chunk id, and every query filters on the filterable
/// <c>shop</c> (the storage prefix) and <c>version</c> fields.
/// <para>
/// <b>Same terms, same gate.</b> The searchable field <c>terms</c> holds the chunk's terms as
/// <see cref="ShopAnalyzer"/> produced them (Ukrainian/English shop words mapped to Russian, Russian stems),
/// indexed with the service's <c>whitespace</c> analyzer, and the question is sent as its analysed terms: the
/// service ranks by its BM25 exactly the terms the local index ranks. Its <c>@search.score</c> is kept as
/// <see cref="RetrievedChunk.Score"/> for ranking only: it has no fixed scale and its statistics span the whole
/// index (all shops and versions), so the refusal gate cannot read it. The gate reads coverage, computed as
/// locally: each question term's document frequency in this shop's version (a count query, cached per
/// version) gives its BM25 IDF, and a chunk covers the IDF weight of the question terms its <c>terms</c> hold.
/// One threshold (Assistant:MinCoverage) therefore means the same with both retrievers.
/// </para>
/// <para>
/// <b>Batches.</b> The service takes at most 1000 documents and about 16 MB per indexing request; uploads
/// and deletes are cut at <see cref="AzureSearchOptions.BatchSize"/> documents or <see cref="MaxBatchBytes"/>,
/// whichever comes first. A 207 answer with failed documents is retried when every failure is one the
/// service calls transient (409, 422, 503), else reported.
/// </para>
/// <para>
/// <b>Resilience.</b> The SDK's own retries are off (Retry.MaxRetries = 0) and every call runs in the shared
/// <see cref="OutboundPipeline"/>, as Azure OpenAI does: one place for the retry policy, Retry-After honoured
/// on 429 and 503 up to <see cref="AzureSearchOptions.MaxRetryAfter"/> (the SDK would wait any length), a
/// circuit breaker the SDK does not have, and a per-attempt timeout. A 401/403 (wrong key) or 400 is never
/// retried and becomes an <see cref="UpstreamException"/> naming the setting to fix.
/// </para>
/// </summary>
public sealed class AzureSearchRetriever : IKnowledgeRetriever, IDisposable
{
    /// <summary>The request cap the service documents is about 16 MB; keep a margin for the JSON around the documents.</summary>
    public const int MaxBatchBytes = 15 * 1024 * 1024;

    private const string KeyField = "key";
    private const string ShopField = "shop";
    private const string VersionField = "version";
    private const string ChunkIdField = "chunkId";
    private const string SourceField = "source";
    private const string HeadingField = "heading";
    private const string TextField = "text";
    private const string PositionField = "position";
    private const string TermsField = "terms";
    private const int DeletePage = 1000;
    private const int MaxCachedTerms = 50_000;
    private static readonly TimeSpan IndexingPoll = TimeSpan.FromMilliseconds(500);

    private readonly AzureSearchOptions options;
    private readonly string shop;
    private readonly ShopAnalyzer analyzer;
    private readonly ILogger<AzureSearchRetriever> logger;
    private readonly SearchIndexClient indexClient;
    private readonly SearchClient client;
    private readonly ResiliencePipeline pipeline;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim schemaGate = new(1, 1);
    private bool schemaReady;
    private VersionStatistics statistics = new("", new ConcurrentDictionary<string, long>(StringComparer.Ordinal));

    private sealed record VersionStatistics(string Version, ConcurrentDictionary<string, long> DocumentFrequency)
    {
        public long? Documents { get; set; }
    }

    public AzureSearchRetriever(AzureSearchOptions options, string shop, HttpClient httpClient, TimeProvider time, ILogger<AzureSearchRetriever> logger, ShopAnalyzer? analyzer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(shop);
        this.options = options.Validated();
        this.shop = shop;
        this.time = time;
        this.logger = logger;
        this.analyzer = analyzer ?? ShopAnalyzer.Default;
        var clientOptions = new SearchClientOptions(SearchClientOptions.ServiceVersion.V2023_11_01)
        {
            // Polly owns retries and timeouts, so every policy lives in one place.
            Transport = new HttpClientTransport(httpClient),
        };
        clientOptions.Retry.MaxRetries = 0;
        clientOptions.Retry.NetworkTimeout = Timeout.InfiniteTimeSpan;
        indexClient = new SearchIndexClient(new Uri(options.Endpoint!), new AzureKeyCredential(options.ApiKey!), clientOptions);
        client = indexClient.GetSearchClient(options.IndexName);
        pipeline = OutboundPipeline.Build(new OutboundPolicy
        {
            MaxRetries = options.MaxRetries,
            RetryBaseDelay = options.RetryBaseDelay,
            AttemptTimeout = options.RequestTimeout,
            IsTransient = IsTransient,
            RateLimitWait = RateLimitWait,
            MaxRateLimitWait = options.MaxRetryAfter,
        }, time);
    }

    public string Name => "azure";

    /// <summary>Ranking is the service's BM25; chunk vectors are not sent to it.</summary>
    public bool UsesVectors => false;

    /// <summary>The index definition this retriever needs (created or updated before the first upload).</summary>
    public static SearchIndex Schema(string indexName) => new(indexName)
    {
        Fields =
        {
            new SimpleField(KeyField, SearchFieldDataType.String) { IsKey = true, IsFilterable = true, IsSortable = true },
            new SimpleField(ShopField, SearchFieldDataType.String) { IsFilterable = true },
            new SimpleField(VersionField, SearchFieldDataType.String) { IsFilterable = true },
            new SimpleField(ChunkIdField, SearchFieldDataType.String),
            new SimpleField(SourceField, SearchFieldDataType.String),
            new SimpleField(HeadingField, SearchFieldDataType.String),
            new SimpleField(TextField, SearchFieldDataType.String),
            new SimpleField(PositionField, SearchFieldDataType.Int32),
            new SearchableField(TermsField) { AnalyzerName = LexicalAnalyzerName.Whitespace },
        },
        Similarity = new BM25Similarity(),
    };

    public async Task IndexAsync(string version, IReadOnlyList<StoredChunk> chunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var documents = chunks.Select(c => new SearchDocument
        {
            [KeyField] = DocumentKey(shop, version, c.Chunk.Id),
            [ShopField] = shop,
            [VersionField] = version,
            [ChunkIdField] = c.Chunk.Id,
            [SourceField] = c.Chunk.Source,
            [HeadingField] = c.Chunk.Heading,
            [TextField] = c.Chunk.Text,
            [PositionField] = c.Chunk.Position,
            [TermsField] = string.Join(' ', analyzer.Terms(c.Chunk.SearchText)),
        }).ToList();
        var batches = 0;
        foreach (var batch in Batches(documents, options.BatchSize, MaxBatchBytes))
        {
            await SendBatchAsync(IndexDocumentsBatch.MergeOrUpload(batch), "upload", cancellationToken).ConfigureAwait(false);
            batches++;
        }
        await WaitSearchableAsync(version, documents.Count, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Azure AI Search: {Chunks} chunks of version {Version} uploaded for shop {Shop} in {Batches} batches", documents.Count, version, shop, batches);
    }

    /// <summary>
    /// The service indexes uploads in the background ("searchable a few seconds after"): the seam promises a
    /// version is searchable in full when IndexAsync returns (the refusal gate's document counts are cached per
    /// version), so wait until the version's count is complete.
    /// </summary>
    private async Task WaitSearchableAsync(string version, long expected, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.IndexingWait;
        while (true)
        {
            var count = await CountAsync(version, "*", cancellationToken).ConfigureAwait(false);
            if (count >= expected)
            {
                return;
            }
            if (time.GetUtcNow() >= deadline)
            {
                throw new UpstreamException($"Azure AI Search made only {count} of {expected} uploaded chunks of version {version} searchable within {options.IndexingWait}; the previous version stays in use, try the upload again.", transient: true);
            }
            await Task.Delay(IndexingPoll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task DeleteAsync(string version, CancellationToken cancellationToken)
    {
        // Keys are paged in key order ("key gt last"), which has no skip limit, then deleted in batches.
        var last = "";
        var keys = new List<string>();
        while (true)
        {
            var filter = VersionFilter(version) + (last.Length > 0 ? SearchFilter.Create($" and key gt {last}") : "");
            var page = await RunAsync("list for deletion", async token =>
            {
                var response = await client.SearchAsync<SearchDocument>("*", new SearchOptions
                {
                    Filter = filter,
                    Size = DeletePage,
                    Select = { KeyField },
                    OrderBy = { KeyField + " asc" },
                }, token).ConfigureAwait(false);
                var found = new List<string>();
                await foreach (var result in response.Value.GetResultsAsync().AsPages(default, DeletePage).ConfigureAwait(false))
                {
                    found.AddRange(result.Values.Select(r => r.Document.GetString(KeyField)));
                    break;
                }
                return found;
            }, cancellationToken).ConfigureAwait(false);
            keys.AddRange(page);
            if (page.Count < DeletePage)
            {
                break;
            }
            last = page[^1];
        }
        foreach (var batch in keys.Chunk(options.BatchSize))
        {
            await SendBatchAsync(IndexDocumentsBatch.Delete(KeyField, batch), "delete", cancellationToken).ConfigureAwait(false);
        }
        logger.LogInformation("Azure AI Search: {Chunks} chunks of the replaced version {Version} deleted for shop {Shop}", keys.Count, version, shop);
    }

    public async Task<RetrievalResult> SearchAsync(string version, string question, float[]? questionVector, int top, CancellationToken cancellationToken)
    {
        var terms = analyzer.Terms(question).Distinct(StringComparer.Ordinal).ToList();
        if (terms.Count == 0)
        {
            return new RetrievalResult([], new Dictionary<string, double>());
        }
        var found = await RunAsync("search", async token =>
        {
            var response = await client.SearchAsync<SearchDocument>(string.Join(' ', terms.Select(Phrase)), new SearchOptions
            {
                Filter = VersionFilter(version),
                SearchFields = { TermsField },
                Select = { ChunkIdField, SourceField, HeadingField, TextField, PositionField, TermsField },
                Size = top,
                QueryType = SearchQueryType.Simple,
                SearchMode = SearchMode.Any,
            }, token).ConfigureAwait(false);
            var results = new List<SearchResult<SearchDocument>>();
            await foreach (var page in response.Value.GetResultsAsync().AsPages(default, top).ConfigureAwait(false))
            {
                results.AddRange(page.Values);
                break;
            }
            return results;
        }, cancellationToken).ConfigureAwait(false);
        var weights = await WeightsAsync(version, terms, cancellationToken).ConfigureAwait(false);
        var total = weights.Values.Sum();
        var ranked = new List<RetrievedChunk>(found.Count);
        foreach (var result in found.Take(top))
        {
            var document = result.Document;
            var chunk = new KnowledgeChunk(
                Required(document, ChunkIdField), Required(document, SourceField), document.GetString(HeadingField) ?? "",
                Required(document, TextField), document.GetInt32(PositionField) ?? 0);
            var held = (document.GetString(TermsField) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            ranked.Add(new RetrievedChunk(chunk, result.Score ?? 0, total <= 0 ? 0 : terms.Where(held.Contains).Sum(t => weights[t]) / total));
        }
        return new RetrievalResult(ranked, weights);
    }

    /// <summary>Each term's BM25 IDF in this shop's version: document counts from the service, cached until the version changes.</summary>
    private async Task<IReadOnlyDictionary<string, double>> WeightsAsync(string version, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        var stats = statistics;
        if (stats.Version != version || stats.DocumentFrequency.Count > MaxCachedTerms)
        {
            stats = new VersionStatistics(version, new ConcurrentDictionary<string, long>(StringComparer.Ordinal));
            statistics = stats;
        }
        stats.Documents ??= await CountAsync(version, "*", cancellationToken).ConfigureAwait(false);
        var missing = terms.Where(t => !stats.DocumentFrequency.ContainsKey(t)).ToList();
        var counts = await Task.WhenAll(missing.Select(t => CountAsync(version, Phrase(t), cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < missing.Count; i++)
        {
            stats.DocumentFrequency[missing[i]] = counts[i];
        }
        var documents = stats.Documents.Value;
        return terms.ToDictionary(t => t, t => LexicalIndex.Bm25Idf(documents, stats.DocumentFrequency[t]), StringComparer.Ordinal);
    }

    private Task<long> CountAsync(string version, string search, CancellationToken cancellationToken) =>
        RunAsync("count", async token =>
        {
            var searchOptions = new SearchOptions { Filter = VersionFilter(version), Size = 0, IncludeTotalCount = true };
            if (search != "*")
            {
                searchOptions.SearchFields.Add(TermsField);
            }
            var response = await client.SearchAsync<SearchDocument>(search, searchOptions, token).ConfigureAwait(false);
            return response.Value.TotalCount ?? throw new UpstreamException("Azure AI Search answered a count query without @odata.count.", transient: false);
        }, cancellationToken);

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (schemaReady)
        {
            return;
        }
        await schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!schemaReady)
            {
                await RunAsync("create or update the index", async token =>
                    (await indexClient.CreateOrUpdateIndexAsync(Schema(options.IndexName), cancellationToken: token).ConfigureAwait(false)).Value, cancellationToken).ConfigureAwait(false);
                schemaReady = true;
            }
        }
        finally
        {
            schemaGate.Release();
        }
    }

    private async Task SendBatchAsync(IndexDocumentsBatch<SearchDocument> batch, string operation, CancellationToken cancellationToken)
    {
        await RunAsync(operation, async token =>
        {
            var response = await client.IndexDocumentsAsync(batch, new IndexDocumentsOptions { ThrowOnAnyError = false }, token).ConfigureAwait(false);
            var failed = response.Value.Results.Where(r => !r.Succeeded).ToList();
            if (failed.Count > 0)
            {
                var sample = string.Join("; ", failed.Take(3).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key}: {f.Status} {f.ErrorMessage}")));
                throw new BatchFailedException(failed.All(f => f.Status is 409 or 422 or 503), $"{failed.Count} of {response.Value.Results.Count} documents failed ({sample})");
            }
            return failed.Count;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One SDK call through the pipeline; what is left of a failure becomes an <see cref="UpstreamException"/> saying what to fix.</summary>
    private async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(async token => await call(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 401 or 403)
        {
            throw new UpstreamException($"Azure AI Search refused the key (HTTP {e.Status}) to {operation}: check AzureSearch:ApiKey (an admin key of the service at AzureSearch:Endpoint).", transient: false, e);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new UpstreamException($"Azure AI Search has no index '{options.IndexName}' (HTTP 404) to {operation}: upload a knowledge-base document to create it, or check AzureSearch:IndexName.", transient: false, e);
        }
        catch (RequestFailedException e) when (!IsTransient(e))
        {
            throw new UpstreamException($"Azure AI Search rejected the request to {operation} (HTTP {e.Status}): {Shorten(e.Message)}", transient: false, e);
        }
        catch (BatchFailedException e) when (!e.Transient)
        {
            throw new UpstreamException($"Azure AI Search did not {operation} every document: {e.Message}", transient: false, e);
        }
        catch (Exception e) when (e is RequestFailedException or BatchFailedException or BrokenCircuitException or TimeoutRejectedException or HttpRequestException)
        {
            var what = e is RequestFailedException r ? string.Create(CultureInfo.InvariantCulture, $"HTTP {r.Status}") : e is BatchFailedException ? e.Message : e.GetType().Name;
            throw new UpstreamException($"Azure AI Search is unavailable to {operation} after retries: {what}.", transient: true, e);
        }
    }

    private static bool IsTransient(Exception exception) => exception switch
    {
        RequestFailedException e => e.Status is 0 or 408 or 429 or >= 500,
        BatchFailedException e => e.Transient,
        HttpRequestException or TimeoutRejectedException => true,
        _ => false,
    };

    /// <summary>429 and 503 are the service pacing us: wait what Retry-After says (a 429 without it: the base delay).</summary>
    private TimeSpan? RateLimitWait(Exception exception) => exception switch
    {
        RequestFailedException { Status: 429 } e => RetryAfter(e) ?? options.RetryBaseDelay,
        RequestFailedException { Status: 503 } e => RetryAfter(e),
        _ => null,
    };

    private TimeSpan? RetryAfter(RequestFailedException exception)
    {
        var headers = exception.GetRawResponse()?.Headers;
        if (headers is not { } h)
        {
            return null;
        }
        foreach (var name in new[] { "retry-after-ms", "x-ms-retry-after-ms" })
        {
            if (h.TryGetValue(name, out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
            {
                return TimeSpan.FromMilliseconds(millis);
            }
        }
        if (h.TryGetValue("Retry-After", out var value))
        {
            if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                var wait = date - time.GetUtcNow();
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }
        return null;
    }

    /// <summary>
    /// Documents in order, cut so that no batch has more than <paramref name="maxCount"/> documents or more
    /// than <paramref name="maxBytes"/> of JSON (a single larger document goes alone; the service judges it).
    /// </summary>
    public static IEnumerable<IReadOnlyList<SearchDocument>> Batches(IEnumerable<SearchDocument> documents, int maxCount, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var batch = new List<SearchDocument>();
        long bytes = 0;
        foreach (var document in documents)
        {
            var size = JsonSerializer.SerializeToUtf8Bytes<IDictionary<string, object>>(document).Length + 32; // the "@search.action" and separators
            if (batch.Count > 0 && (batch.Count >= maxCount || bytes + size > maxBytes))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }
            batch.Add(document);
            bytes += size;
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>A document key the service accepts (letters, digits, '-', '_', '='): URL-safe Base64 of shop, version and chunk id.</summary>
    public static string DocumentKey(string shop, string version, string chunkId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{shop}\n{version}\n{chunkId}")).Replace('+', '-').Replace('/', '_');

    /// <summary>This shop's chunks of one version (SearchFilter quotes and escapes the values; field names stay bare).</summary>
    private string VersionFilter(string version) => SearchFilter.Create($"shop eq {shop} and version eq {version}");

    /// <summary>A term as a one-word phrase of the simple query syntax, so no character of it is an operator.</summary>
    private static string Phrase(string term) => "\"" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Required(SearchDocument document, string field) =>
        document.GetString(field) ?? throw new UpstreamException($"Azure AI Search returned a chunk without '{field}'; the index was not written by this app.", transient: false);

    private static string Shorten(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] : line;
    }

    public void Dispose() => schemaGate.Dispose();

    private sealed class BatchFailedException(bool transient, string message) : Exception(message)
    {
        public bool Transient { get; } = transient;
    }
}
