// Owns the tests of checking the LLM's grounded answer: citations must be among the passages given, the answer bounded.
using SalesCoach.Core.Assistant.Knowledge;

namespace SalesCoach.Tests.Assistant;

public sealed class KnowledgeAnswererTests
{
    private static readonly HashSet<string> Passages = ["delivery-001", "delivery-002"];

    [Fact]
    public void A_cited_answer_within_bounds_is_accepted()
    {
        var parsed = KnowledgeAnswerer.Parse("""{"answerable":true,"answer":"Доставка по городу — 1 500 ₸.","citations":["delivery-001"]}""", Passages);
        Assert.Equal(("Доставка по городу — 1 500 ₸.", true), (parsed!.Answer, parsed.Answerable));
    }

    [Theory]
    [InlineData("""{"answerable":true,"answer":"Бесплатно.","citations":["returns-009"]}""")] // cites a passage it was not given
    [InlineData("""{"answerable":true,"answer":"Бесплатно.","citations":[]}""")] // cites nothing
    [InlineData("""{"answerable":true,"answer":"","citations":["delivery-001"]}""")]
    [InlineData("""{"answerable":"yes","answer":"Да","citations":["delivery-001"]}""")]
    [InlineData("""{"answer":"Да","citations":["delivery-001"]}""")]
    [InlineData("not json")]
    [InlineData(null)]
    public void An_answer_that_breaks_a_rule_is_rejected(string? content) => Assert.Null(KnowledgeAnswerer.Parse(content, Passages));

    [Fact]
    public void An_overlong_answer_is_rejected()
    {
        var text = new string('а', KnowledgeAnswerer.MaxAnswerLength + 1);
        Assert.Null(KnowledgeAnswerer.Parse($$"""{"answerable":true,"answer":"{{text}}","citations":["delivery-001"]}""", Passages));
    }

    [Fact]
    public void The_model_saying_the_passages_do_not_answer_is_a_refusal()
    {
        Assert.False(KnowledgeAnswerer.Parse("""{"answerable":false,"answer":"","citations":[]}""", Passages)!.Answerable);
    }
}
