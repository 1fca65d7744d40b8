using Microsoft.Extensions.Logging.Abstractions;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Chats;

/// <summary>The LLM SPIN classifier against the loopback Azure OpenAI: labels, cache, fallback to the lexicon.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LlmSpinClassifierTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly string[] Questions = ["Как у вас сейчас устроена доставка?", "Что вас не устраивает?", "Сколько вы теряете на возвратах?"];
    private FakeAzureOpenAiServer openAi = null!;
    private AzureOpenAiChat chat = null!;

    public async Task InitializeAsync()
    {
        openAi = await FakeAzureOpenAiServer.StartNewAsync();
        chat = new AzureOpenAiChat(new OpenAiOptions
        {
            Endpoint = openAi.BaseAddress.ToString(), Deployment = FakeAzureOpenAiServer.Deployment, ApiKey = FakeAzureOpenAiServer.Key,
            MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        }, new HttpClient(), TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        chat.Dispose();
        await openAi.DisposeAsync();
    }

    private LlmSpinClassifier Classifier() => new(chat, azurite.NewAccount(out _), ChatLexicon.Default, NullLogger<LlmSpinClassifier>.Instance);

    [Fact]
    public async Task Labels_come_from_the_llm_and_are_cached_per_question()
    {
        // The LLM disagrees with the lexicon on the first question, which shows whose label is used.
        openAi.Answer("""{"labels":[{"index":0,"type":"need_payoff"},{"index":1,"type":"problem"},{"index":2,"type":"implication"}]}""");
        var classifier = Classifier();

        var first = await classifier.ClassifyAsync(Questions, default);
        var second = await classifier.ClassifyAsync(Questions, default);

        Assert.Equal([SpinType.NeedPayoff, SpinType.Problem, SpinType.Implication], first);
        Assert.Equal(first, second);
        Assert.Single(openAi.Calls);
    }

    [Theory]
    [InlineData("""{"labels":[{"index":0,"type":"curiosity"}]}""")]
    [InlineData("""{"labels":[{"index":7,"type":"problem"}]}""")]
    [InlineData("not json")]
    public async Task An_invalid_answer_falls_back_to_the_lexicon(string content)
    {
        openAi.Answer(content);
        var labels = await Classifier().ClassifyAsync(Questions, default);
        Assert.Equal(Questions.Select(ChatLexicon.Default.Classify), labels);
    }

    [Fact]
    public async Task Questions_the_llm_left_out_get_the_lexicon_label()
    {
        openAi.Answer("""{"labels":[{"index":1,"type":"situation"}]}""");
        var labels = await Classifier().ClassifyAsync(Questions, default);
        Assert.Equal([ChatLexicon.Default.Classify(Questions[0]), SpinType.Situation, ChatLexicon.Default.Classify(Questions[2])], labels);
    }

    [Fact]
    public async Task An_unavailable_llm_falls_back_to_the_lexicon()
    {
        openAi.Fail(500, times: 5);
        var labels = await Classifier().ClassifyAsync(Questions, default);
        Assert.Equal(Questions.Select(ChatLexicon.Default.Classify), labels);
    }
}
