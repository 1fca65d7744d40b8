// Owns measuring retrieval on labelled questions: answer found (right section first) and correct refusals.
using System.Globalization;
using SalesCoach.Core.Assistant.Samples;

namespace SalesCoach.Core.Assistant.Knowledge;

/// <summary>One question's outcome.</summary>
public sealed record EvaluatedQuestion(EvaluationQuestion Question, string? Answered, double Coverage, bool Correct);

/// <summary>
/// Retrieval quality on a labelled set. <see cref="HitRate"/>: answerable questions whose first passing
/// chunk is from the expected section. <see cref="RefusalPrecision"/>: refusals that were right (the
/// knowledge base really does not answer). <see cref="RefusalRecall"/>: unanswerable questions refused.
/// </summary>
public sealed record RetrievalScore(int Answerable, int Hits, int Unanswerable, int Refusals, int CorrectRefusals, IReadOnlyList<EvaluatedQuestion> Questions)
{
    public double HitRate => Answerable == 0 ? 1 : (double)Hits / Answerable;
    public double RefusalPrecision => Refusals == 0 ? 1 : (double)CorrectRefusals / Refusals;
    public double RefusalRecall => Unanswerable == 0 ? 1 : (double)CorrectRefusals / Unanswerable;

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"hit rate {HitRate:P1} ({Hits}/{Answerable}), refusal precision {RefusalPrecision:P1} ({CorrectRefusals}/{Refusals}), refusal recall {RefusalRecall:P1} ({CorrectRefusals}/{Unanswerable})");
}

public static class RetrievalEvaluation
{
    /// <summary>The section label of a chunk: "source#Heading".</summary>
    public static string Section(KnowledgeChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return chunk.Source + "#" + chunk.Heading;
    }

    public static RetrievalScore Score(LexicalIndex index, IEnumerable<EvaluationQuestion> questions, RetrievalGate gate) =>
        Score(questions.Select(q => (q, KnowledgeRetrieval.Retrieve(index, q.Question, gate))));

    /// <summary>The same measure through any retriever (the seam), e.g. Azure AI Search.</summary>
    public static async Task<RetrievalScore> ScoreAsync(Func<string, Task<KnowledgeHits>> retrieve, IEnumerable<EvaluationQuestion> questions)
    {
        ArgumentNullException.ThrowIfNull(retrieve);
        ArgumentNullException.ThrowIfNull(questions);
        var answered = new List<(EvaluationQuestion, KnowledgeHits)>();
        foreach (var question in questions)
        {
            answered.Add((question, await retrieve(question.Question).ConfigureAwait(false)));
        }
        return Score(answered);
    }

    private static RetrievalScore Score(IEnumerable<(EvaluationQuestion Question, KnowledgeHits Hits)> answered)
    {
        var results = new List<EvaluatedQuestion>();
        foreach (var (question, hits) in answered)
        {
            var section = hits.Best is { } best ? Section(best.Chunk) : null;
            var coverage = hits.Ranked.Count > 0 ? hits.Ranked.Max(r => r.Coverage) : 0;
            results.Add(new EvaluatedQuestion(question, section, coverage, section == question.Expected));
        }
        var answerable = results.Where(r => r.Question.Expected is not null).ToList();
        var refusals = results.Where(r => r.Answered is null).ToList();
        return new RetrievalScore(
            answerable.Count, answerable.Count(r => r.Correct),
            results.Count - answerable.Count, refusals.Count, refusals.Count(r => r.Question.Expected is null),
            results);
    }

    /// <summary>The sample shop's knowledge-base chunks.</summary>
    public static IReadOnlyList<KnowledgeChunk> SampleChunks() =>
        AssistantSamples.KnowledgeDocuments().SelectMany(d => KnowledgeChunker.Chunk(d.Name, d.Content)).ToList();

    /// <summary>The sample shop's knowledge base, chunked and indexed in memory.</summary>
    public static LexicalIndex SampleIndex()
    {
        return new LexicalIndex(SampleChunks(), ShopAnalyzer.Default);
    }
}
