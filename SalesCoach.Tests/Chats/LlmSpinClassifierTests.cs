using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Chats;

/// <summary>The LLM SPIN classifier against the loopback Azure OpenAI: labels, cache, fallback to the lexicon.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LlmSpinClassifierTests(AzuriteFixture azurite) : LoopbackLlmTests
{
    private static readonly string[] Questions = ["Как у вас сейчас устроена доставка?", "Что вас не устраивает?", "Сколько вы теряете на возвратах?"];


    private LlmSpinClassifier Classifier() => new(Chat, azurite.NewAccount(out _), ChatLexicon.Default, NullLogger<LlmSpinClassifier>.Instance);

    [Fact]
    public async Task Labels_come_from_the_llm_and_are_cached_per_question()
    {
        // The LLM disagrees with the lexicon on the first question, which shows whose label is used.
        OpenAi.Answer("""{"labels":[{"index":0,"type":"need_payoff"},{"index":1,"type":"problem"},{"index":2,"type":"implication"}]}""");
        var classifier = Classifier();

        var first = await classifier.ClassifyAsync(Questions, default);
        var second = await classifier.ClassifyAsync(Questions, default);

        Assert.Equal([SpinType.NeedPayoff, SpinType.Problem, SpinType.Implication], first);
        Assert.Equal(first, second);
        Assert.Single(OpenAi.Calls);
    }

    [Theory]
    [InlineData("""{"labels":[{"index":0,"type":"curiosity"}]}""")]
    [InlineData("""{"labels":[{"index":7,"type":"problem"}]}""")]
    [InlineData("not json")]
    public async Task An_invalid_answer_falls_back_to_the_lexicon(string content)
    {
        OpenAi.Answer(content);
        var labels = await Classifier().ClassifyAsync(Questions, default);
        Assert.Equal(Questions.Select(ChatLexicon.Default.Classify), labels);
    }

    [Fact]
    public async Task Questions_the_llm_left_out_get_the_lexicon_label()
    {
        OpenAi.Answer("""{"labels":[{"index":1,"type":"situation"}]}""");
        var labels = await Classifier().ClassifyAsync(Questions, default);
        Assert.Equal([ChatLexicon.Default.Classify(Questions[0]), SpinType.Situation, ChatLexicon.Default.Classify(Questions[2])], labels);
    }

    [Fact]
    public async Task An_unavailable_llm_falls_back_to_the_lexicon()
    {
        OpenAi.Fail(500, times: 5);
        var labels = await Classifier().ClassifyAsync(Questions, default);
        Assert.Equal(Questions.Select(ChatLexicon.Default.Classify), labels);
    }

    /// <summary>
    /// The LLM path measured like the rules (SpinScore over the held-out questions, as the spin-accuracy
    /// command does), against the loopback Azure OpenAI's chat-completions wire format. The fake answers
    /// each batch of 20 in order: the corpus label for most questions, a wrong label for every seventh,
    /// "none" for every thirteenth, and leaves every seventeenth out (the rules label those).
    /// </summary>
    [Fact]
    public async Task The_llm_path_is_measured_on_the_held_out_questions_through_the_wire_format()
    {
        var rows = SpinCorpus.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "SalesCoach.Tests", "Chats", "Spin", "spin-corpus.tsv")))
            .Where(r => r.Split == "heldout").ToList();
        var expectedRight = 0;
        var leftOut = 0;
        var position = 0;
        foreach (var batch in rows.Chunk(LlmSpinClassifier.BatchSize))
        {
            var labels = new JsonArray();
            for (var i = 0; i < batch.Length; i++, position++)
            {
                var gold = ChatLexicon.SpinKey(batch[i].Label);
                if (position % 17 == 16)
                {
                    leftOut++;
                    expectedRight += ChatLexicon.Default.Classify(batch[i].Question) == batch[i].Label ? 1 : 0;
                    continue;
                }
                var answer = position % 13 == 12 ? "none" : position % 7 == 6 ? (gold == "situation" ? "problem" : "situation") : gold;
                expectedRight += answer == gold ? 1 : 0;
                labels.Add(new JsonObject { ["index"] = i, ["type"] = answer });
            }
            OpenAi.Answer(new JsonObject { ["labels"] = labels }.ToJsonString());
        }
        var classifier = Classifier();

        var score = await SpinScore.MeasureAsync(classifier, rows, default);

        Assert.Equal((rows.Count + LlmSpinClassifier.BatchSize - 1) / LlmSpinClassifier.BatchSize, OpenAi.Calls.Count);
        var asked = OpenAi.Calls.SelectMany(call => JsonNode.Parse(call.Body["messages"]!.AsArray()[^1]!["content"]!.GetValue<string>())!.AsArray().Select(q => q!["text"]!.GetValue<string>()));
        Assert.Equal(rows.Select(r => r.Question), asked);
        Assert.Equal(leftOut, classifier.FellBack);
        Assert.Equal((double)expectedRight / rows.Count, score.Accuracy, 9);
        Assert.InRange(score.Accuracy, 0.6, 0.9);
    }
}
