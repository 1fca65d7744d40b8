using System.Text.Json.Nodes;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Tests.Fakes;

namespace SalesCoach.Tests.Deals;

public sealed class LlmAdviceParserTests
{
    private static string With(Action<JsonObject> change)
    {
        var advice = JsonNode.Parse(FakeAzureOpenAiServer.ValidAdvice)!.AsObject();
        change(advice);
        return advice.ToJsonString();
    }

    private static string FieldOf(string json) =>
        Assert.Throws<InvalidLlmOutputException>(() => LlmAdviceParser.Parse(json, "llm:x")).Field;

    [Fact]
    public void Valid_answer_maps_every_seed_000_field()
    {
        var advice = LlmAdviceParser.Parse(FakeAzureOpenAiServer.ValidAdvice, "llm:x");
        Assert.Equal("Клиент заинтересован, но пауза затянулась.", advice.Assessment);
        Assert.Single(advice.Strengths);
        Assert.Single(advice.Concerns);
        Assert.Single(advice.RedFlags);
        Assert.Equal(Priority.High, advice.Priority);
        Assert.Equal(new ActionItem("Позвонить клиенту сегодня", Urgency.Urgent, "Пауза при крупной сделке опасна", "Предложить демо на этой неделе"), advice.ActionItems[0]);
        Assert.Single(advice.Phrases);
        Assert.Equal(2, advice.ActionPlan.Count);
        Assert.Equal(65, advice.ConversionProbability);
        Assert.Equal("llm:x", advice.Source);
    }

    [Fact]
    public void Missing_field_is_named()
    {
        Assert.Equal("priority", FieldOf(With(a => a.Remove("priority"))));
    }

    [Fact]
    public void Wrong_type_is_named()
    {
        Assert.Equal("strengths", FieldOf(With(a => a["strengths"] = "many")));
    }

    [Fact]
    public void Unknown_urgency_is_named_with_its_item()
    {
        Assert.Equal("action_items[0].urgency", FieldOf(With(a => a["action_items"]![0]!["urgency"] = "asap")));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Probability_outside_0_to_100_is_rejected(int value)
    {
        Assert.Equal("conversion_probability", FieldOf(With(a => a["conversion_probability"] = value)));
    }

    [Fact]
    public void Fractional_probability_is_rejected()
    {
        Assert.Equal("conversion_probability", FieldOf(With(a => a["conversion_probability"] = 65.5)));
    }

    [Fact]
    public void Overlong_text_is_rejected()
    {
        Assert.Equal("phrases[0]", FieldOf(With(a => a["phrases"] = new JsonArray(new string('x', 601)))));
    }

    [Fact]
    public void Empty_text_is_rejected()
    {
        Assert.Equal("situation_assessment", FieldOf(With(a => a["situation_assessment"] = "  ")));
    }

    [Fact]
    public void Too_many_items_are_rejected()
    {
        Assert.Equal("concerns", FieldOf(With(a => a["concerns"] = new JsonArray(Enumerable.Range(0, 9).Select(i => (JsonNode)$"c{i}").ToArray()))));
    }

    [Fact]
    public void Non_object_answer_is_rejected()
    {
        Assert.Equal("$", FieldOf("[1,2,3]"));
    }
}
