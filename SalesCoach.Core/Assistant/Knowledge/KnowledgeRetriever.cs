// Owns the retrieval seam (index a knowledge-base version, search it, drop it) and its local implementation: Lucene BM25 in memory over chunks kept in Table Storage.
namespace SalesCoach.Core.Assistant.Knowledge;

/// <summary>
/// What a retriever ranked for a question, best first, before the gate; and the question's analysed terms
/// with their IDF weights in the searched version. Every chunk's <see cref="RetrievedChunk.Coverage"/> is the
/// seam's normalized relevance (the share of that IDF weight the chunk holds, 0–1), the only number the
/// refusal gate reads; <see cref="RetrievedChunk.Score"/> is the implementation's own rank score.
/// </summary>
public sealed record RetrievalResult(IReadOnlyList<RetrievedChunk> Ranked, IReadOnlyDictionary<string, double> TermWeights);

/// <summary>
/// Where the knowledge base's chunks are indexed and searched. Chosen by Assistant:Search: "local" (Lucene
/// BM25 in memory, chunks persisted in Table Storage) or "azure" (Azure AI Search, for large catalogues).
/// A version is the set of chunks of one state of the documents: <see cref="IndexAsync"/> makes all of it
/// searchable before the knowledge base points "current" at it, so a reader never sees half a version.
/// </summary>
public interface IKnowledgeRetriever
{
    /// <summary>"local" or "azure": recorded in the index report.</summary>
    string Name { get; }

    /// <summary>Whether chunk vectors (embeddings) are used for hybrid ranking.</summary>
    bool UsesVectors { get; }

    /// <summary>Stores and indexes (upserts) a version's chunks; when it returns, <see cref="SearchAsync"/> finds every one.</summary>
    Task IndexAsync(string version, IReadOnlyList<StoredChunk> chunks, CancellationToken cancellationToken);

    /// <summary>Deletes a version that is no longer current.</summary>
    Task DeleteAsync(string version, CancellationToken cancellationToken);

    /// <summary>The best <paramref name="top"/> chunks of <paramref name="version"/> for the question, each with its coverage.</summary>
    Task<RetrievalResult> SearchAsync(string version, string question, float[]? questionVector, int top, CancellationToken cancellationToken);
}

/// <summary>
/// The local retriever: a version's chunks (and vectors) are rows of the knowledge table, and the version in
/// use is a Lucene index in memory (<see cref="LexicalIndex"/>), rebuilt from the rows after a restart or
/// when another instance indexed a newer version.
/// </summary>
public sealed class LocalKnowledgeRetriever(KnowledgeStore store) : IKnowledgeRetriever, IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private Loaded? loaded;

    private sealed record Loaded(string Version, LexicalIndex Index, IReadOnlyDictionary<string, float[]> Vectors);

    public string Name => "local";

    public bool UsesVectors => true;

    public async Task IndexAsync(string version, IReadOnlyList<StoredChunk> chunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        await store.SaveChunksAsync(version, chunks, cancellationToken).ConfigureAwait(false);
        // Readers may still hold the previous index for a moment; Lucene's RAM index needs no disposal to be freed.
        loaded = Build(version, chunks);
    }

    public Task DeleteAsync(string version, CancellationToken cancellationToken) => store.DeleteChunksAsync(version, cancellationToken);

    public async Task<RetrievalResult> SearchAsync(string version, string question, float[]? questionVector, int top, CancellationToken cancellationToken)
    {
        var current = await LoadAsync(version, cancellationToken).ConfigureAwait(false);
        return KnowledgeRetrieval.Rank(current.Index, question, questionVector, current.Vectors);
    }

    /// <summary>The in-memory index of <paramref name="version"/>, built from its rows when not loaded yet.</summary>
    private async Task<Loaded> LoadAsync(string version, CancellationToken cancellationToken)
    {
        if (loaded is { } current && current.Version == version)
        {
            return current;
        }
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (loaded is { } again && again.Version == version)
            {
                return again;
            }
            var built = Build(version, await store.ChunksAsync(version, cancellationToken).ConfigureAwait(false));
            loaded = built;
            return built;
        }
        finally
        {
            gate.Release();
        }
    }

    private static Loaded Build(string version, IReadOnlyList<StoredChunk> stored)
    {
        var vectors = stored.Count > 0 && stored.All(s => s.Vector is not null)
            ? stored.ToDictionary(s => s.Chunk.Id, s => s.Vector!, StringComparer.Ordinal)
            : new Dictionary<string, float[]>(StringComparer.Ordinal);
        return new Loaded(version, new LexicalIndex(stored.Select(s => s.Chunk).ToList(), ShopAnalyzer.Default), vectors);
    }

    public void Dispose() => gate.Dispose();
}
