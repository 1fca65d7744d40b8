// Owns the retrieval evaluation command: the sample knowledge base against its labelled questions, one split.
using System.Globalization;
using SalesCoach.Core.Assistant;
using SalesCoach.Core.Assistant.Knowledge;
using SalesCoach.Core.Assistant.Samples;

namespace SalesCoach.Functions.Cli;

/// <summary>
/// "SalesCoach.Functions eval-assistant-retrieval heldout [--verbose]": indexes the sample shop's knowledge
/// base exactly as the assistant does (chunker, analyzer, BM25, the refusal gate with the default
/// thresholds) and prints hit rate and refusal precision on the split ("dev" for tuning, "heldout" to report).
/// </summary>
public static class EvalAssistantRetrieval
{
    public static int Run(string split, bool verbose)
    {
        if (split is not ("dev" or "heldout"))
        {
            Console.Error.WriteLine("The split is 'dev' or 'heldout'.");
            return 2;
        }
        using var index = RetrievalEvaluation.SampleIndex();
        var questions = AssistantSamples.EvaluationQuestions(split);
        var score = RetrievalEvaluation.Score(index, questions, RetrievalGate.From(new AssistantOptions()));
        if (verbose)
        {
            foreach (var q in score.Questions)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(q.Correct ? "ok  " : "MISS")} cov {q.Coverage:0.00}  {q.Question.Question}  expected {q.Question.Expected ?? "refuse"}  got {q.Answered ?? "refuse"}"));
            }
        }
        Console.WriteLine($"{split}: {questions.Count} questions, {score.Summary()}");
        return 0;
    }
}
