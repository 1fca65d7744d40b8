using Microsoft.Extensions.Logging.Abstractions;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Fakes;

namespace SalesCoach.Tests.Leads;

/// <summary>Seed 003's AI score through the LLM seam, against the loopback Azure OpenAI.</summary>
public sealed class LlmLeadScorerTests : LoopbackLlmTests
{
    private static readonly LeadScoringInput Input = new(LeadSource.Partner, LeadStage.Qualified, 4, "first", 3, null);


    private LlmLeadScorer Scorer() => new(Chat, NullLogger<LlmLeadScorer>.Instance);

    [Fact]
    public async Task Valid_answer_is_the_score_with_its_reason_and_tokens()
    {
        OpenAi.Answer("""{"score":0.82,"reason":"Partner lead, qualified, active conversation."}""");
        var result = await Scorer().ScoreAsync(Input, default);
        Assert.Equal(0.82, result.Score);
        Assert.Equal("Partner lead, qualified, active conversation.", result.Reason);
        Assert.Equal("llm:gpt-test", result.Source);
        Assert.Equal(FakeAzureOpenAiServer.PromptTokens, result.PromptTokens);
        var body = Assert.Single(OpenAi.Calls).Body;
        Assert.Equal(LlmLeadScorer.SchemaName, body["response_format"]!["json_schema"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"score":1.5,"reason":"too sure"}""")]
    [InlineData("""{"score":0.5}""")]
    [InlineData("""{"score":"high","reason":"x"}""")]
    [InlineData("not json")]
    public async Task Invalid_answer_falls_back_to_the_rule_score(string content)
    {
        OpenAi.Answer(content);
        var result = await Scorer().ScoreAsync(Input, default);
        Assert.Equal(RuleLeadScorer.Score(Input), result);
    }

    [Fact]
    public async Task Unavailable_llm_falls_back_to_the_rule_score()
    {
        OpenAi.Fail(500, times: 5);
        var result = await Scorer().ScoreAsync(Input, default);
        Assert.Equal(RuleLeadScorer.SourceName, result.Source);
        Assert.Equal(2, OpenAi.Calls.Count);
    }
}
