// Owns the answer-or-refuse decision over the knowledge base: lexical (BM25 + coverage) or hybrid (plus embeddings), and the extractive answer.
using System.Text;

namespace SalesCoach.Core.Assistant.Knowledge;

/// <summary>
/// What retrieval found for a question: the chunks that pass the gate (best first), or none (refuse and hand
/// off); every ranked chunk; and the question's analysed terms with their IDF weights in the searched version
/// (the extractive answer picks sentences by them).
/// </summary>
public sealed record KnowledgeHits(IReadOnlyList<RetrievedChunk> Passing, IReadOnlyList<RetrievedChunk> Ranked, IReadOnlyDictionary<string, double> TermWeights)
{
    public static KnowledgeHits None { get; } = new([], [], new Dictionary<string, double>());

    public bool Answerable => Passing.Count > 0;
    public RetrievedChunk? Best => Passing.Count > 0 ? Passing[0] : null;
}

/// <summary>The gate's thresholds (from <see cref="AssistantOptions"/>).</summary>
public sealed record RetrievalGate(double MinCoverage, double MinSimilarity, int AnswerChunks)
{
    public static RetrievalGate From(AssistantOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.MinCoverage, options.MinSimilarity, options.AnswerChunks);
    }
}

/// <summary>
/// Ranks chunks by BM25, or with embeddings by reciprocal-rank fusion of BM25 and cosine ranks, and lets
/// through only chunks that cover at least <see cref="RetrievalGate.MinCoverage"/> of the question's IDF
/// weight (or, with embeddings, are at least <see cref="RetrievalGate.MinSimilarity"/> similar). Nothing
/// passing means the knowledge base does not answer it: the assistant says so and hands off.
/// The gate never reads <see cref="RetrievedChunk.Score"/>: BM25 scores (Lucene's or Azure AI Search's
/// @search.score) have no fixed scale and do not compare across questions or implementations; coverage is
/// the seam's normalized 0–1 relevance, computed the same way by every <see cref="IKnowledgeRetriever"/>.
/// </summary>
public static class KnowledgeRetrieval
{
    /// <summary>Chunks ranked per question before the gate.</summary>
    public const int Candidates = 20;
    private const int FusionK = 60;

    public static KnowledgeHits Retrieve(LexicalIndex index, string question, RetrievalGate gate,
        float[]? questionVector = null, IReadOnlyDictionary<string, float[]>? vectors = null) =>
        Gate(Rank(index, question, questionVector, vectors), gate);

    /// <summary>The gate over what a retriever ranked: the first <see cref="RetrievalGate.AnswerChunks"/> chunks that pass.</summary>
    public static KnowledgeHits Gate(RetrievalResult result, RetrievalGate gate)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(gate);
        var passing = result.Ranked.Where(c => c.Coverage >= gate.MinCoverage || c.Similarity >= gate.MinSimilarity).Take(gate.AnswerChunks).ToList();
        return new KnowledgeHits(passing, result.Ranked, result.TermWeights);
    }

    /// <summary>The local ranking: BM25 over the in-memory index, fused with cosine ranks when vectors are given.</summary>
    public static RetrievalResult Rank(LexicalIndex index, string question, float[]? questionVector = null, IReadOnlyDictionary<string, float[]>? vectors = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        var lexical = index.Search(question, Candidates);
        var weights = index.Analyzer.Terms(question).Distinct(StringComparer.Ordinal).ToDictionary(t => t, index.Idf, StringComparer.Ordinal);
        IReadOnlyList<RetrievedChunk> ranked = lexical;
        if (questionVector is not null && vectors is { Count: > 0 })
        {
            var coverage = lexical.ToDictionary(c => c.Chunk.Id, StringComparer.Ordinal);
            var semantic = index.Chunks
                .Select(c => (Chunk: c, Similarity: vectors.TryGetValue(c.Id, out var v) ? AzureOpenAiEmbedder.Cosine(questionVector, v) : 0))
                .OrderByDescending(c => c.Similarity).Take(Candidates).ToList();
            var fused = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var i = 0; i < lexical.Count; i++)
            {
                fused[lexical[i].Chunk.Id] = 1.0 / (FusionK + i + 1);
            }
            for (var i = 0; i < semantic.Count; i++)
            {
                fused[semantic[i].Chunk.Id] = fused.GetValueOrDefault(semantic[i].Chunk.Id) + 1.0 / (FusionK + i + 1);
            }
            var similarity = semantic.ToDictionary(s => s.Chunk.Id, s => s.Similarity, StringComparer.Ordinal);
            ranked = fused.OrderByDescending(f => f.Value).Select(f =>
            {
                var lexicalHit = coverage.GetValueOrDefault(f.Key);
                var sim = similarity.TryGetValue(f.Key, out var s) ? s : AzureOpenAiEmbedder.Cosine(questionVector, vectors.GetValueOrDefault(f.Key) ?? []);
                return new RetrievedChunk(index.Find(f.Key)!, f.Value, lexicalHit?.Coverage ?? 0, sim);
            }).ToList();
        }
        return new RetrievalResult(ranked, weights);
    }

    /// <summary>
    /// The answer without an LLM: the best chunk's sentences that share the most question weight (at most
    /// two, in the document's order), else its first two sentences. Never text the documents do not hold.
    /// </summary>
    public static string Extract(KnowledgeHits hits, RetrievedChunk best, ShopAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(best);
        ArgumentNullException.ThrowIfNull(analyzer);
        var weights = hits.TermWeights;
        var sentences = KnowledgeChunker.Sentences(best.Chunk.Text);
        var scored = sentences
            .Select((sentence, position) => (sentence, position, weight: analyzer.Terms(sentence).Where(weights.ContainsKey).Distinct(StringComparer.Ordinal).Sum(t => weights[t])))
            .ToList();
        var chosen = scored.Where(s => s.weight > 0).OrderByDescending(s => s.weight).ThenBy(s => s.position).Take(2).OrderBy(s => s.position).Select(s => s.sentence).ToList();
        if (chosen.Count == 0)
        {
            chosen = sentences.Take(2).ToList();
        }
        var text = new StringBuilder();
        foreach (var sentence in chosen)
        {
            text.Append(text.Length > 0 ? " " : "").Append(sentence);
        }
        return text.ToString();
    }
}
