// Owns BM25 retrieval over the knowledge-base chunks (Lucene.Net, in memory) and the query-coverage measure the refusal gate reads.
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace SalesCoach.Core.Assistant.Knowledge;

/// <summary>A chunk retrieval found, with its BM25 score and how much of the question it covers (0–1).</summary>
public sealed record RetrievedChunk(KnowledgeChunk Chunk, double Score, double Coverage, double? Similarity = null);

/// <summary>
/// A Lucene index (BM25, <see cref="ShopAnalyzer"/>) of one knowledge-base version, built in memory from
/// the stored chunks. Besides the BM25 rank it measures <b>coverage</b>: the share of the question's
/// IDF weight whose terms the chunk contains. BM25 scores do not compare across questions; coverage
/// does, so the "is this answered here at all?" gate reads coverage (a question about something the
/// documents never mention keeps its rare, heavy terms unmatched).
/// </summary>
public sealed class LexicalIndex : IDisposable
{
    private const string IdField = "id";
    private const string TextField = "text";

    private readonly RAMDirectory directory = new();
    private readonly DirectoryReader reader;
    private readonly IndexSearcher searcher;
    private readonly ShopAnalyzer analyzer;
    private readonly Dictionary<string, KnowledgeChunk> chunks;
    private readonly Dictionary<string, HashSet<string>> chunkTerms;

    public LexicalIndex(IReadOnlyCollection<KnowledgeChunk> chunks, ShopAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        this.analyzer = analyzer;
        this.chunks = chunks.ToDictionary(c => c.Id, StringComparer.Ordinal);
        chunkTerms = chunks.ToDictionary(c => c.Id, c => analyzer.Terms(c.SearchText).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(ShopAnalyzer.Version, analyzer) { Similarity = new BM25Similarity() }))
        {
            foreach (var chunk in chunks)
            {
                writer.AddDocument(new Document
                {
                    new StringField(IdField, chunk.Id, Field.Store.YES),
                    new TextField(TextField, chunk.SearchText, Field.Store.NO),
                });
            }
            writer.Commit();
        }
        reader = DirectoryReader.Open(directory);
        searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity() };
    }

    public int Count => chunks.Count;

    public IEnumerable<KnowledgeChunk> Chunks => chunks.Values;

    public KnowledgeChunk? Find(string id) => chunks.GetValueOrDefault(id);

    /// <summary>The best <paramref name="top"/> chunks by BM25, each with its coverage of the question.</summary>
    public IReadOnlyList<RetrievedChunk> Search(string question, int top)
    {
        var terms = analyzer.Terms(question).Distinct(StringComparer.Ordinal).ToList();
        if (terms.Count == 0 || chunks.Count == 0)
        {
            return [];
        }
        var query = new BooleanQuery();
        foreach (var term in terms)
        {
            query.Add(new TermQuery(new Term(TextField, term)), Occur.SHOULD);
        }
        var weights = terms.ToDictionary(t => t, Idf, StringComparer.Ordinal);
        var total = weights.Values.Sum();
        return searcher.Search(query, top).ScoreDocs
            .Select(hit => (Id: searcher.Doc(hit.Doc).Get(IdField), hit.Score))
            .Select(hit => new RetrievedChunk(chunks[hit.Id], hit.Score, total <= 0 ? 0 : terms.Where(chunkTerms[hit.Id].Contains).Sum(t => weights[t]) / total))
            .ToList();
    }

    public ShopAnalyzer Analyzer => analyzer;

    /// <summary>BM25's IDF; a term no chunk holds gets the largest weight there is (it is what the documents do not talk about).</summary>
    public double Idf(string term)
    {
        return Bm25Idf(reader.NumDocs, reader.DocFreq(new Term(TextField, term)));
    }

    /// <summary>BM25's IDF of a term that <paramref name="df"/> of <paramref name="documents"/> chunks hold (shared by every retriever).</summary>
    public static double Bm25Idf(long documents, long df)
    {
        var n = Math.Max(1, documents);
        return Math.Log(1 + (n - df + 0.5) / (df + 0.5));
    }

    public void Dispose()
    {
        reader.Dispose();
        directory.Dispose();
    }
}
