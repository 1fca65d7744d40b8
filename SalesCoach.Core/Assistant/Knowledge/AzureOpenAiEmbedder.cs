// Owns question and chunk embeddings from an Azure OpenAI embeddings deployment, through the shared resilience pipeline.
using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using OpenAI.Embeddings;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Assistant.Knowledge;

/// <summary>Text → vectors, for hybrid retrieval.</summary>
public interface IEmbedder
{
    Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}

/// <summary>
/// Azure OpenAI embeddings (POST /openai/deployments/{deployment}/embeddings) with the same pipeline as
/// <see cref="AzureOpenAiChat"/>: retries honouring Retry-After, breaker, timeout. Failures become
/// <see cref="LlmUnavailableException"/>; retrieval then stays lexical.
/// </summary>
public sealed class AzureOpenAiEmbedder : IEmbedder
{
    private const int BatchSize = 16;
    private readonly EmbeddingClient client;
    private readonly ResiliencePipeline pipeline;

    public AzureOpenAiEmbedder(OpenAiOptions options, string deployment, HttpClient httpClient, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new AzureOpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
            Transport = new HttpClientPipelineTransport(httpClient),
        };
        client = new AzureOpenAIClient(new Uri(options.Endpoint!), new ApiKeyCredential(options.ApiKey!), clientOptions).GetEmbeddingClient(deployment);
        pipeline = AzureOpenAiChat.BuildPipeline(options, time);
    }

    public async Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vectors = new List<float[]>(texts.Count);
        foreach (var batch in texts.Chunk(BatchSize))
        {
            try
            {
                var result = await pipeline.ExecuteAsync(
                    async token => (OpenAIEmbeddingCollection)await client.GenerateEmbeddingsAsync(batch, cancellationToken: token).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
                if (result.Count != batch.Length)
                {
                    throw new LlmUnavailableException($"Azure OpenAI returned {result.Count} embeddings for {batch.Length} texts.", new InvalidOperationException());
                }
                vectors.AddRange(result.OrderBy(e => e.Index).Select(e => e.ToFloats().ToArray()));
            }
            catch (Exception e) when (e is ClientResultException or BrokenCircuitException or TimeoutRejectedException or HttpRequestException)
            {
                throw new LlmUnavailableException($"Azure OpenAI embeddings unavailable: {(e is ClientResultException r ? "HTTP " + r.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : e.GetType().Name)}", e);
            }
        }
        return vectors;
    }

    public static double Cosine(float[] a, float[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length || a.Length == 0)
        {
            return 0;
        }
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }
}
