// Owns the live knowledge base: indexing the documents (on upload, or when the container changed), loading the current version, answering.
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Assistant.Knowledge;

/// <summary>An answer from the knowledge base: the text, the chunks it cites and who wrote it ("extractive" or "llm:…").</summary>
public sealed record KnowledgeAnswer(string Text, IReadOnlyList<string> Citations, string Source);

/// <summary>
/// The knowledge base as the assistant reads it: the current version's chunks searched through the
/// <see cref="IKnowledgeRetriever"/> (local Lucene or Azure AI Search), and the refusal gate over what it ranks.
/// <see cref="ReindexAsync"/> reads every .docx/.md blob (a broken document is reported and skipped),
/// embeds the chunks when configured and the retriever uses vectors (an embeddings outage leaves the
/// version lexical), has the retriever index the version, then points "current" at it and drops the older
/// one; it runs after an upload and whenever the container's documents changed (checked at most every
/// <see cref="AssistantOptions.KnowledgeRefresh"/>). Both retrievers persist, so a restart only reloads.
/// </summary>
public sealed class KnowledgeBase(KnowledgeStore store, IKnowledgeRetriever retriever, AssistantOptions options, TimeProvider time, ILogger<KnowledgeBase> logger,
    IEmbedder? embedder = null) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly IEmbedder? embedder = retriever.UsesVectors ? embedder : null;
    private KnowledgeIndexReport? loaded;
    private DateTimeOffset checkedAt = DateTimeOffset.MinValue;

    /// <summary>The retriever in use ("local" or "azure").</summary>
    public string Retriever => retriever.Name;

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
            var (version, blobs) = await store.ListAsync(retriever.Name, cancellationToken).ConfigureAwait(false);
            var current = await store.CurrentAsync(cancellationToken).ConfigureAwait(false);
            if (current?.Version == version)
            {
                loaded = current with { Changed = false };
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
            var report = new KnowledgeIndexReport(version, time.GetUtcNow(), chunks.Count, documents, vectors is null ? "lexical" : "hybrid", Changed: true, Retriever: retriever.Name);
            await retriever.IndexAsync(version, chunks.Select((c, i) => new StoredChunk(c, vectors?[i])).ToList(), cancellationToken).ConfigureAwait(false);
            var previous = await store.SetCurrentAsync(report, cancellationToken).ConfigureAwait(false);
            loaded = report with { Changed = false };
            if (previous is not null && previous.Version != version)
            {
                await DeletePreviousAsync(previous.Version, cancellationToken).ConfigureAwait(false);
            }
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
        return loaded;
    }

    /// <summary>What retrieval finds for the question (refusal when nothing passes the gate).</summary>
    public async Task<KnowledgeHits> RetrieveAsync(string question, CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        var current = loaded;
        if (current is null || current.Chunks == 0)
        {
            return KnowledgeHits.None;
        }
        float[]? questionVector = null;
        if (embedder is not null && current.Retrieval == "hybrid")
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
        var ranked = await retriever.SearchAsync(current.Version, question, questionVector, KnowledgeRetrieval.Candidates, cancellationToken).ConfigureAwait(false);
        return KnowledgeRetrieval.Gate(ranked, RetrievalGate.From(options));
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (loaded is not null && now - checkedAt < options.KnowledgeRefresh)
        {
            return;
        }
        checkedAt = now;
        var (version, _) = await store.ListAsync(retriever.Name, cancellationToken).ConfigureAwait(false);
        if (loaded?.Version == version)
        {
            return;
        }
        try
        {
            await ReindexAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (UpstreamException e) when (loaded is not null)
        {
            // The search service failed to take the new version: keep answering from the one in use, try again after KnowledgeRefresh.
            logger.LogWarning("Knowledge base: the changed documents were not indexed, answering from version {Version}: {Reason}", loaded.Version, e.Message);
        }
    }

    /// <summary>The replaced version is garbage: failing to delete it is logged, never fails the new version.</summary>
    private async Task DeletePreviousAsync(string version, CancellationToken cancellationToken)
    {
        try
        {
            await retriever.DeleteAsync(version, cancellationToken).ConfigureAwait(false);
        }
        catch (UpstreamException e)
        {
            logger.LogWarning("Knowledge base: the replaced version {Version} was not deleted: {Reason}", version, e.Message);
        }
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
