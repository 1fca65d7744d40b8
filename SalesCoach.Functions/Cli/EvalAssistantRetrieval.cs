// Owns the retrieval evaluation command: the sample knowledge base against its labelled questions, one split, through the local index or Azure AI Search.
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using SalesCoach.Core.Assistant;
using SalesCoach.Core.Assistant.Knowledge;
using SalesCoach.Core.Assistant.Samples;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting;

namespace SalesCoach.Functions.Cli;

/// <summary>
/// "SalesCoach.Functions eval-assistant-retrieval heldout [--verbose] [--search azure]": indexes the sample
/// shop's knowledge base exactly as the assistant does (chunker, analyzer, BM25, the refusal gate with the
/// default thresholds) and prints hit rate and refusal precision on the split ("dev" for tuning, "heldout" to
/// report). With "--search azure" the chunks go to the Azure AI Search service of the AzureSearch settings
/// (shop "eval", deleted afterwards) and the questions are asked there.
/// </summary>
public static class EvalAssistantRetrieval
{
    public static async Task<int> RunAsync(string split, IReadOnlyList<string> flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        if (split is not ("dev" or "heldout"))
        {
            Console.Error.WriteLine("The split is 'dev' or 'heldout'.");
            return 2;
        }
        var search = flags.SkipWhile(f => f != "--search").Skip(1).FirstOrDefault() ?? "local";
        if (search is not ("local" or "azure"))
        {
            Console.Error.WriteLine("--search is 'local' or 'azure'.");
            return 2;
        }
        var questions = AssistantSamples.EvaluationQuestions(split);
        var gate = RetrievalGate.From(new AssistantOptions());
        RetrievalScore score;
        if (search == "local")
        {
            using var index = RetrievalEvaluation.SampleIndex();
            score = RetrievalEvaluation.Score(index, questions, gate);
        }
        else
        {
            var settings = new ConfigurationBuilder();
            AppSettings.Layer(settings, readLocalSettings: true);
            AzureSearchOptions options;
            try
            {
                options = (settings.AddEnvironmentVariables().Build().GetSection("AzureSearch").Get<AzureSearchOptions>() ?? new AzureSearchOptions()).Validated();
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            using var http = new HttpClient();
            using var retriever = new AzureSearchRetriever(options, "eval", http, TimeProvider.System, NullLogger<AzureSearchRetriever>.Instance);
            const string version = "sample";
            try
            {
                await retriever.IndexAsync(version, RetrievalEvaluation.SampleChunks().Select(c => new StoredChunk(c, null)).ToList(), default);
                score = await RetrievalEvaluation.ScoreAsync(async q =>
                    KnowledgeRetrieval.Gate(await retriever.SearchAsync(version, q, null, KnowledgeRetrieval.Candidates, default), gate), questions);
                await retriever.DeleteAsync(version, default);
            }
            catch (UpstreamException e)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
        }
        if (flags.Contains("--verbose"))
        {
            foreach (var q in score.Questions)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(q.Correct ? "ok  " : "MISS")} cov {q.Coverage:0.00}  {q.Question.Question}  expected {q.Question.Expected ?? "refuse"}  got {q.Answered ?? "refuse"}"));
            }
        }
        Console.WriteLine($"{split}{(search == "azure" ? " (Azure AI Search)" : "")}: {questions.Count} questions, {score.Summary()}");
        return 0;
    }
}
