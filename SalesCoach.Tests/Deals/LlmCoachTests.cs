using Microsoft.Extensions.Logging.Abstractions;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Deals;

/// <summary>The real Azure OpenAI client, Polly pipeline and cache, against a loopback Azure OpenAI.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LlmCoachTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private FakeAzureOpenAiServer openAi = null!;

    public async Task InitializeAsync() => openAi = await FakeAzureOpenAiServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        clients.ForEach(c => c.Dispose());
        await openAi.DisposeAsync();
    }

    private readonly List<AzureOpenAiChat> clients = [];

    private LlmCoach Coach(OpenAiOptions? options = null)
    {
        var chat = new AzureOpenAiChat(
            (options ?? new OpenAiOptions()) with
            {
                Endpoint = openAi.BaseAddress.ToString(),
                Deployment = FakeAzureOpenAiServer.Deployment,
                ApiKey = FakeAzureOpenAiServer.Key,
                RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            },
            new HttpClient(),
            TimeProvider.System);
        clients.Add(chat);
        return new LlmCoach(chat, new RuleCoach(new RuleCoachOptions()), new CoachingCacheRepository(azurite.NewAccount(out _)), NullLogger<LlmCoach>.Instance);
    }

    private static DealContext Deal() => DealBuilder.At().Aged(12).Budget(450_000m).Stage(11).Call(9, 900).Message(5).Context;

    [Fact]
    public async Task Valid_answer_becomes_the_advice_and_its_tokens_are_counted()
    {
        var coach = Coach();
        var outcome = await coach.AdviseAsync(Deal(), default);

        Assert.Equal("llm:gpt-test", outcome.Advice.Source);
        Assert.Equal(Priority.High, outcome.Advice.Priority);
        Assert.Equal(65, outcome.Advice.ConversionProbability);
        Assert.Equal(Urgency.Urgent, outcome.Advice.ActionItems[0].Urgency);
        Assert.Equal(new CoachingUsage(FakeAzureOpenAiServer.PromptTokens, FakeAzureOpenAiServer.CompletionTokens, 1, false), outcome.Usage);
    }

    [Fact]
    public async Task Request_asks_for_strict_json_schema_output_with_the_deal_in_the_prompt()
    {
        var coach = Coach();
        await coach.AdviseAsync(Deal(), default);

        var call = Assert.Single(openAi.Calls);
        Assert.Equal(FakeAzureOpenAiServer.Deployment, call.Deployment);
        Assert.False(string.IsNullOrEmpty(call.ApiVersion));
        var format = call.Body["response_format"]!;
        Assert.Equal("json_schema", format["type"]!.GetValue<string>());
        Assert.Equal(CoachingPrompt.SchemaName, format["json_schema"]!["name"]!.GetValue<string>());
        Assert.True(format["json_schema"]!["strict"]!.GetValue<bool>());
        var messages = call.Body["messages"]!.AsArray();
        Assert.Equal("system", messages[0]!["role"]!.GetValue<string>());
        Assert.Contains("Test deal", messages[1]!["content"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unchanged_deal_is_answered_from_the_cache_without_a_call()
    {
        var coach = Coach();
        var context = Deal();
        await coach.AdviseAsync(context, default);
        var second = await coach.AdviseAsync(context, default);

        Assert.Single(openAi.Calls);
        Assert.True(second.Usage.CacheHit);
        Assert.Equal(0, second.Usage.PromptTokens);
        Assert.Equal("llm:gpt-test", second.Advice.Source);
    }

    [Fact]
    public async Task A_new_activity_changes_the_content_and_asks_again()
    {
        var coach = Coach();
        await coach.AdviseAsync(Deal(), default);
        await coach.AdviseAsync(DealBuilder.At().Aged(12).Budget(450_000m).Stage(11).Call(9, 900).Message(5).Message(0.1).Context, default);
        Assert.Equal(2, openAi.Calls.Count);
    }

    [Fact]
    public async Task Malformed_json_is_asked_for_once_more()
    {
        openAi.Answer("{\"situation_assessment\": \"cut off");
        var coach = Coach();
        var outcome = await coach.AdviseAsync(Deal(), default);

        Assert.Equal("llm:gpt-test", outcome.Advice.Source);
        Assert.Equal(2, outcome.Usage.LlmCalls);
        Assert.Equal(2 * FakeAzureOpenAiServer.PromptTokens, outcome.Usage.PromptTokens);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"situation_assessment":"x","strengths":[],"concerns":[],"red_flags":[],"priority":"critical","action_items":[{"title":"a","urgency":"urgent","why":"b","how":"c"}],"phrases":[],"action_plan":["p"],"conversion_probability":50}""")]
    [InlineData("""{"situation_assessment":"x","strengths":[],"concerns":[],"red_flags":[],"priority":"low","action_items":[{"title":"a","urgency":"urgent","why":"b","how":"c"}],"phrases":[],"action_plan":["p"],"conversion_probability":150}""")]
    [InlineData("""{"situation_assessment":"x","strengths":[],"concerns":[],"red_flags":[],"priority":"low","action_items":[],"phrases":[],"action_plan":["p"],"conversion_probability":50}""")]
    public async Task Invalid_answer_twice_falls_back_to_the_rule_coach_with_a_full_card(string content)
    {
        openAi.Answer(content, times: 2);
        var coach = Coach();
        var outcome = await coach.AdviseAsync(Deal(), default);

        Assert.Equal(RuleCoach.SourceName, outcome.Advice.Source);
        Assert.NotEmpty(outcome.Advice.ActionItems);
        Assert.NotEmpty(outcome.Advice.ActionPlan);
        Assert.Equal(2, openAi.Calls.Count);
        Assert.Equal(2, outcome.Usage.LlmCalls);
    }

    [Fact]
    public async Task Rate_limit_waits_retry_after_then_succeeds()
    {
        openAi.Fail(429, retryAfter: "1");
        var coach = Coach();
        var started = DateTimeOffset.UtcNow;
        var outcome = await coach.AdviseAsync(Deal(), default);

        Assert.Equal("llm:gpt-test", outcome.Advice.Source);
        Assert.Equal([429, 200], openAi.Calls.Select(c => c.Status));
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromMilliseconds(950));
    }

    [Fact]
    public async Task Server_errors_exhaust_the_retries_and_fall_back_to_rules()
    {
        openAi.Fail(500, times: 10);
        var coach = Coach(new OpenAiOptions { MaxRetries = 2 });
        var outcome = await coach.AdviseAsync(Deal(), default);

        Assert.Equal(RuleCoach.SourceName, outcome.Advice.Source);
        Assert.Equal(3, openAi.Calls.Count);
        Assert.Equal(0, outcome.Usage.LlmCalls);
    }

    [Fact]
    public async Task Open_circuit_sends_deals_straight_to_the_rule_coach()
    {
        openAi.Fail(503, times: 100);
        var coach = Coach(new OpenAiOptions { MaxRetries = 2 });
        await coach.AdviseAsync(Deal(), default);
        await coach.AdviseAsync(Deal(), default);
        var callsWhenOpen = openAi.Calls.Count;

        var outcome = await coach.AdviseAsync(Deal(), default);

        Assert.Equal(RuleCoach.SourceName, outcome.Advice.Source);
        Assert.Equal(callsWhenOpen, openAi.Calls.Count);
    }
}
