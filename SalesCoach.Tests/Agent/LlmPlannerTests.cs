using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SalesCoach.Core.Agent;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Fakes;

namespace SalesCoach.Tests.Agent;

/// <summary>The LLM daily planner against a loopback Azure OpenAI: a checked answer is the plan; anything else gives the rule plan.</summary>
public sealed class LlmPlannerTests : LoopbackLlmTests
{
    private static readonly AgentOptions Options = new();

    private LlmPlanner Planner() => new(Chat, new RulePlanner(Options), Options, NullLogger<LlmPlanner>.Instance);

    private static readonly IReadOnlyList<PlanCandidate> Candidates =
    [
        new(TargetKind.Deal, "1001", "Поставка оборудования", "re_engage", RecommendationUrgency.High, 0.55, 450_000m, "RUB", 8, ["вероятность 55%"], "phone"),
        new(TargetKind.Deal, "1002", "Лицензии CRM", "close", RecommendationUrgency.Critical, 0.8, 120_000m, "RUB", 1, ["вероятность 80%"], "whatsapp"),
        new(TargetKind.Lead, "7", "Мария", "schedule_meeting", RecommendationUrgency.Critical, 0.64, 0m, "", 0, ["BANT 80/100"], "phone"),
    ];

    private static string Answer(params (string Id, string Urgency, double P)[] items) => new JsonObject
    {
        ["top_3_priorities"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject
        {
            ["target_id"] = i.Id,
            ["action"] = "Позвонить сегодня",
            ["reasoning"] = "Вероятность высокая, клиент на связи",
            ["urgency"] = i.Urgency,
            ["win_probability"] = i.P,
            ["suggested_script"] = "Добрый день! Готовы обсудить финальные условия?",
        })]),
        ["strategic_insights"] = "Две горячие сделки — начните с них.",
        ["risks"] = new JsonArray("Поставка оборудования: 8 дней без контакта"),
        ["quick_wins"] = new JsonArray("Лицензии CRM — нужно подтверждение"),
    }.ToJsonString();

    [Fact]
    public async Task A_valid_answer_is_the_plan_and_the_request_asks_for_the_strict_schema()
    {
        OpenAi.Answer(Answer(("1002", "critical", 0.85), ("7", "high", 0.6)));

        var draft = await Planner().PlanAsync(Candidates, [], "ru", default);

        Assert.Equal("llm:" + FakeAzureOpenAiServer.Deployment, draft.Source);
        Assert.Equal(["1002", "7"], draft.Priorities.Select(p => p.Candidate.TargetId));
        Assert.Equal(0.85, draft.Priorities[0].WinProbability);
        var format = Assert.Single(OpenAi.Calls).Body["response_format"]!;
        Assert.Equal("json_schema", format["type"]!.GetValue<string>());
        Assert.True(format["json_schema"]!["strict"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("{\"top_3_priorities\": [")]
    [InlineData("{\"top_3_priorities\": [], \"strategic_insights\": \"x\", \"risks\": [], \"quick_wins\": []}")]
    public async Task Broken_or_empty_answers_give_the_rule_plan(string content)
    {
        OpenAi.Answer(content);
        var draft = await Planner().PlanAsync(Candidates, [], "ru", default);
        Assert.Equal("rules", draft.Source);
        Assert.Equal(3, draft.Priorities.Count);
    }

    [Fact]
    public async Task An_unknown_target_a_repeat_or_a_probability_out_of_range_gives_the_rule_plan()
    {
        foreach (var answer in new[] { Answer(("9999", "high", 0.5)), Answer(("1001", "high", 0.5), ("1001", "high", 0.5)), Answer(("1001", "high", 1.5)), Answer(("1001", "soon", 0.5)) })
        {
            OpenAi.Answer(answer);
            Assert.Equal("rules", (await Planner().PlanAsync(Candidates, [], "ru", default)).Source);
        }
    }

    [Fact]
    public async Task An_unavailable_llm_gives_the_rule_plan()
    {
        OpenAi.Fail(500, times: 5);
        var draft = await Planner().PlanAsync(Candidates, [], "ru", default);
        Assert.Equal("rules", draft.Source);
        // The rule plan keeps the candidates' ranking as given.
        Assert.Equal(["1001", "1002", "7"], draft.Priorities.Select(p => p.Candidate.TargetId));
    }
}
