using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Deals;

/// <summary>A team run with the LLM coach on: tokens are counted per run, and a second run of unchanged deals costs none.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LlmTeamRunTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Second_run_of_unchanged_deals_is_served_from_the_cache()
    {
        await using var openAi = await FakeAzureOpenAiServer.StartNewAsync();
        await using var app = await TestApp.StartAsync(azurite, dispatcher: true, settings: new Dictionary<string, string?>
        {
            ["OpenAI:Endpoint"] = openAi.BaseAddress.ToString(),
            ["OpenAI:Deployment"] = FakeAzureOpenAiServer.Deployment,
            ["OpenAI:ApiKey"] = FakeAzureOpenAiServer.Key,
            ["Coaching:MaxCardsPerRun"] = "1",
        });
        (await app.Client.PostAsync("/api/demo/seed", null)).EnsureSuccessStatusCode();

        var first = await RunAsync(app);
        var second = await RunAsync(app);

        // Six open demo deals of three managers, one card each at most: the LLM writes only the cards
        // (the other deals are summary lines with rule advice), and a second run costs nothing.
        var firstUsage = first.GetProperty("token_usage");
        var calls = firstUsage.GetProperty("llm_calls").GetInt32();
        Assert.InRange(calls, 1, 3);
        Assert.Equal(calls * FakeAzureOpenAiServer.PromptTokens, firstUsage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(calls * FakeAzureOpenAiServer.CompletionTokens, firstUsage.GetProperty("completion_tokens").GetInt32());
        var secondUsage = second.GetProperty("token_usage");
        Assert.Equal(0, secondUsage.GetProperty("llm_calls").GetInt32());
        Assert.Equal(calls, secondUsage.GetProperty("cache_hits").GetInt32());
        Assert.Equal(calls, openAi.Calls.Count);
    }

    private static async Task<System.Text.Json.JsonElement> RunAsync(TestApp app)
    {
        var started = await app.JsonAsync(await app.Client.PostAsync("/api/deals/analyze-all", null));
        return await app.WaitForRunAsync(started.GetProperty("run_id").GetString()!, TimeSpan.FromSeconds(60));
    }
}
