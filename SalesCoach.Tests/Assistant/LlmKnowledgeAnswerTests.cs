// Owns the grounded LLM answer against the loopback Azure OpenAI: only the passing chunks are sent, citations checked, fallbacks on bad output and outages.
using Microsoft.Extensions.Logging.Abstractions;
using SalesCoach.Core.Assistant;
using SalesCoach.Core.Assistant.Knowledge;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Fakes;

namespace SalesCoach.Tests.Assistant;

public sealed class LlmKnowledgeAnswerTests : LoopbackLlmTests
{
    private const string Question = "Сколько стоит доставка курьером по Алматы?";
    private readonly LexicalIndex index = RetrievalEvaluation.SampleIndex();


    public override async Task DisposeAsync()
    {
        index.Dispose();
        await base.DisposeAsync();
    }

    private async Task<(KnowledgeAnswer? Answer, KnowledgeHits Hits)> AskAsync(string question = Question)
    {
        var hits = KnowledgeRetrieval.Retrieve(index, question, RetrievalGate.From(new AssistantOptions()));
        return (await new KnowledgeAnswerer(NullLogger<KnowledgeAnswerer>.Instance, Chat).AnswerAsync(question, hits, "ru", default), hits);
    }

    [Fact]
    public async Task The_model_gets_only_the_passing_chunks_and_its_cited_answer_is_used()
    {
        var best = KnowledgeRetrieval.Retrieve(index, Question, RetrievalGate.From(new AssistantOptions())).Best!.Chunk.Id;
        OpenAi.Answer($$"""{"answerable":true,"answer":"Курьер по Алматы — 1 500 ₸, от 50 000 ₸ бесплатно.","citations":["{{best}}"]}""");
        var (answer, hits) = await AskAsync();
        Assert.Equal(("Курьер по Алматы — 1 500 ₸, от 50 000 ₸ бесплатно.", "llm:" + FakeAzureOpenAiServer.Deployment), (answer!.Text, answer.Source));
        Assert.Equal([best], answer.Citations);
        var prompt = Assert.Single(OpenAi.Calls).Body.ToJsonString();
        foreach (var chunk in index.Chunks.Where(c => hits.Passing.All(p => p.Chunk.Id != c.Id)))
        {
            Assert.DoesNotContain($"[{chunk.Id}]", prompt, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_answer_citing_a_chunk_it_was_not_given_falls_back_to_the_extractive_answer()
    {
        OpenAi.Answer("""{"answerable":true,"answer":"Доставка бесплатная всегда.","citations":["loyalty.md-001"]}""");
        var (answer, _) = await AskAsync();
        Assert.Equal("extractive", answer!.Source);
        Assert.Contains("1 500 ₸", answer.Text);
    }

    [Fact]
    public async Task The_model_declining_is_a_refusal()
    {
        OpenAi.Answer("""{"answerable":false,"answer":"","citations":[]}""");
        Assert.Null((await AskAsync()).Answer);
    }

    [Fact]
    public async Task An_outage_falls_back_to_the_extractive_answer()
    {
        OpenAi.Fail(503, times: 5);
        var (answer, _) = await AskAsync();
        Assert.Equal("extractive", answer!.Source);
    }

    [Fact]
    public async Task Nothing_passing_the_gate_never_reaches_the_model()
    {
        Assert.Null((await AskAsync("Можно оплатить биткоином?")).Answer);
        Assert.Empty(OpenAi.Calls);
    }
}
