// Owns the live knowledge base: indexing the documents (on upload, or when the container changed), loading the current version, answering.
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Assistant.Knowledge;

/// <summary>An answer from the knowledge base: the text, the chunks it cites and who wrote it ("extractive" or "llm:…").</summary>
public sealed record KnowledgeAnswer(string Text, IReadOnlyList<string> Citations, string Source);

/// <summary>
/// The knowledge base as the assistant reads it: the stored version's chunks in a Lucene index (and their
/// vectors when embeddings are configured), reloaded when another instance indexed a newer version.
/// <see cref="ReindexAsync"/> reads every .docx/.md blob (a broken document is reported and skipped),
/// embeds the chunks when configured (an embeddings outage leaves the version lexical), and stores the
/// version; it runs after an upload and whenever the container's documents changed (checked at most every
/// <see cref="AssistantOptions.KnowledgeRefresh"/>). The index lives in Table Storage, so a restart only reloads it.
/// </summary>
public sealed class KnowledgeBase(KnowledgeStore store, AssistantOptions options, TimeProvider time, ILogger<KnowledgeBase> logger,
    IEmbedder? embedder = null) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private Loaded? loaded;
    private DateTimeOffset checkedAt = DateTimeOffset.MinValue;

    private sealed record Loaded(KnowledgeIndexReport Report, LexicalIndex Index, IReadOnlyDictionary<string, float[]> Vectors);

    /// <summary>Uploads a document (.docx or .md, checked first: an unreadable one is a 400) and re-indexes.</summary>
    public async Task<KnowledgeIndexReport> UploadAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        if (!KnowledgeChunker.IsSupported(name) || name.Length > 200 || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
        {
            throw new InputValidationException("name", "A knowledge-base document is a .docx or .md file name of at most 200 characters, without '/'.");
        }
        try
        {
            if (KnowledgeChunker.Chunk(name, content).Count == 0)
            {
                throw new InputValidationException("document", $"'{name}' holds no text to answer from.");
            }
        }
        catch (InvalidDataException e)
        {
            throw new InputValidationException("document", e.Message);
        }
        await store.UploadAsync(name, content, cancellationToken).ConfigureAwait(false);
        return await ReindexAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Indexes the container's documents unless the current version already holds exactly them.</summary>
    public async Task<KnowledgeIndexReport> ReindexAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (version, blobs) = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            var current = await store.CurrentAsync(cancellationToken).ConfigureAwait(false);
            if (current?.Version == version)
            {
                await LoadAsync(current, cancellationToken).ConfigureAwait(false);
                return current;
            }
            var documents = new List<KnowledgeDocumentReport>();
            var chunks = new List<KnowledgeChunk>();
            foreach (var blob in blobs)
            {
                if (!KnowledgeChunker.IsSupported(blob.Name))
                {
                    documents.Add(new(blob.Name, 0, "Not a .docx or .md document; skipped."));
                    continue;
                }
                try
                {
                    var own = KnowledgeChunker.Chunk(blob.Name, await store.DownloadAsync(blob.Name, cancellationToken).ConfigureAwait(false));
                    chunks.AddRange(own);
                    documents.Add(new(blob.Name, own.Count, own.Count == 0 ? "No text." : null));
                }
                catch (InvalidDataException e)
                {
                    documents.Add(new(blob.Name, 0, e.Message));
                    logger.LogWarning("Knowledge base: {Document} skipped: {Error}", blob.Name, e.Message);
                }
            }
            var vectors = await EmbedAsync(chunks, cancellationToken).ConfigureAwait(false);
            var report = new KnowledgeIndexReport(version, time.GetUtcNow(), chunks.Count, documents, vectors is null ? "lexical" : "hybrid", Changed: true);
            await store.SaveAsync(report, chunks.Select((c, i) => new StoredChunk(c, vectors?[i])).ToList(), cancellationToken).ConfigureAwait(false);
            Swap(report, chunks, vectors);
            logger.LogInformation("Knowledge base version {Version}: {Chunks} chunks from {Documents} documents ({Retrieval})", version, chunks.Count, documents.Count, report.Retrieval);
            return report;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The report of the version in use (indexing first when the documents changed).</summary>
    public async Task<KnowledgeIndexReport?> CurrentAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return loaded?.Report;
    }

    /// <summary>What retrieval finds for the question (refusal when nothing passes the gate).</summary>
    public async Task<(KnowledgeHits Hits, LexicalIndex? Index)> RetrieveAsync(string question, CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        var current = loaded;
        if (current is null || current.Index.Count == 0)
        {
            return (new KnowledgeHits([], []), null);
        }
        float[]? questionVector = null;
        if (embedder is not null && current.Vectors.Count > 0)
        {
            try
            {
                questionVector = (await embedder.EmbedAsync([question], cancellationToken).ConfigureAwait(false))[0];
            }
            catch (LlmUnavailableException e)
            {
                logger.LogWarning("Embeddings unavailable, retrieval stays lexical: {Reason}", e.Message);
            }
        }
        return (KnowledgeRetrieval.Retrieve(current.Index, question, RetrievalGate.From(options), questionVector, current.Vectors), current.Index);
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (loaded is not null && now - checkedAt < options.KnowledgeRefresh)
        {
            return;
        }
        checkedAt = now;
        var (version, _) = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        if (loaded?.Report.Version == version)
        {
            return;
        }
        await ReindexAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task LoadAsync(KnowledgeIndexReport report, CancellationToken cancellationToken)
    {
        if (loaded?.Report.Version == report.Version)
        {
            return;
        }
        var stored = await store.ChunksAsync(report.Version, cancellationToken).ConfigureAwait(false);
        Swap(report, stored.Select(s => s.Chunk).ToList(), stored.All(s => s.Vector is not null) && stored.Count > 0 ? stored.Select(s => s.Vector!).ToList() : null);
    }

    private void Swap(KnowledgeIndexReport report, IReadOnlyList<KnowledgeChunk> chunks, IReadOnlyList<float[]>? vectors)
    {
        var index = new LexicalIndex(chunks, ShopAnalyzer.Default);
        var map = vectors is null ? new Dictionary<string, float[]>() : chunks.Select((c, i) => (c.Id, vectors[i])).ToDictionary(p => p.Id, p => p.Item2, StringComparer.Ordinal);
        var previous = Interlocked.Exchange(ref loaded, new Loaded(report with { Changed = false }, index, map));
        // Readers may still hold the previous index for a moment; Lucene's RAM index needs no disposal to be freed.
        _ = previous;
    }

    private async Task<IReadOnlyList<float[]>?> EmbedAsync(IReadOnlyList<KnowledgeChunk> chunks, CancellationToken cancellationToken)
    {
        if (embedder is null || chunks.Count == 0)
        {
            return null;
        }
        try
        {
            return await embedder.EmbedAsync(chunks.Select(c => c.SearchText).ToList(), cancellationToken).ConfigureAwait(false);
        }
        catch (LlmUnavailableException e)
        {
            logger.LogWarning("Embeddings unavailable while indexing; this version is lexical only: {Reason}", e.Message);
            return null;
        }
    }

    public void Dispose() => gate.Dispose();
}
