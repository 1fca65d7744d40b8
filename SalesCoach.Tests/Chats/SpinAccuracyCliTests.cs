using System.Diagnostics;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Chats;

/// <summary>The spin-accuracy command as a user runs it: the rules always, the LLM path when Azure OpenAI is configured.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SpinAccuracyCliTests(AzuriteFixture azurite)
{
    private const string Corpus = """
        id	lang	label	split	question
        1	ru	situation	heldout	Сколько у вас сотрудников?
        2	en	problem	heldout	Are you happy with your current supplier?
        3	uk	implication	heldout	Як це впливає на продажі?
        4	en	need_payoff	dev	Would it help if deliveries came next day?
        """;

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SalesCoach.Functions.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output, await errors);
    }

    private static string WriteCorpus()
    {
        var path = Path.Combine(Path.GetTempPath(), $"spin-{Guid.NewGuid():N}.tsv");
        File.WriteAllText(path, Corpus.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        return path;
    }

    [Fact]
    public async Task Both_classifiers_are_measured_when_the_llm_is_configured()
    {
        await using var openAi = await FakeAzureOpenAiServer.StartNewAsync();
        // The LLM gets the first held-out question wrong; the rules get all three right.
        openAi.Answer("""{"labels":[{"index":0,"type":"problem"},{"index":1,"type":"problem"},{"index":2,"type":"implication"}]}""");
        var corpus = WriteCorpus();
        try
        {
            var (exitCode, output, errors) = await RunAsync(new Dictionary<string, string>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["SalesCoach__StoragePrefix"] = AzuriteFixture.NewPrefix(),
                ["OpenAI__Endpoint"] = openAi.BaseAddress.ToString(),
                ["OpenAI__Deployment"] = FakeAzureOpenAiServer.Deployment,
                ["OpenAI__ApiKey"] = FakeAzureOpenAiServer.Key,
            }, "spin-accuracy", corpus, "heldout");

            Assert.True(exitCode == 0, errors);
            Assert.Contains("SPIN rules (heldout): 100.0 % of 3 questions", output, StringComparison.Ordinal);
            Assert.Contains("SPIN LLM (heldout): 66.7 % of 3 questions", output, StringComparison.Ordinal);
            Assert.Contains("0 of 3 questions fell back to the rules", output, StringComparison.Ordinal);
            Assert.Single(openAi.Calls);
        }
        finally
        {
            File.Delete(corpus);
        }
    }

    [Fact]
    public async Task Without_the_llm_only_the_rules_are_measured_and_bad_arguments_are_refused()
    {
        var corpus = WriteCorpus();
        try
        {
            var noLlm = new Dictionary<string, string> { ["OpenAI__Endpoint"] = "" };
            var (exitCode, output, _) = await RunAsync(noLlm, "spin-accuracy", corpus, "dev");
            Assert.Equal(0, exitCode);
            Assert.Contains("SPIN rules (dev): 100.0 % of 1 questions", output, StringComparison.Ordinal);
            Assert.Contains("SPIN LLM: not configured", output, StringComparison.Ordinal);

            var split = await RunAsync(noLlm, "spin-accuracy", corpus, "test");
            Assert.Equal(2, split.ExitCode);
            Assert.Contains("split must be one of", split.Errors, StringComparison.Ordinal);

            var missing = await RunAsync(noLlm, "spin-accuracy", corpus + ".missing");
            Assert.Equal(2, missing.ExitCode);
        }
        finally
        {
            File.Delete(corpus);
        }
    }
}
