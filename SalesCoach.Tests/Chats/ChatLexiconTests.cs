using SalesCoach.Core.Chats;
using SalesCoach.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SalesCoach.Tests.Chats;

public sealed class ChatLexiconTests(ITestOutputHelper output)
{
    private static readonly ChatLexicon Lexicon = ChatLexicon.Default;

    [Theory]
    [InlineData("Какой у вас бюджет?", "ru")]
    [InlineData("Який у вас бюджет?", "uk")]
    [InlineData("Що вас турбує", "uk")]
    [InlineData("What is your budget?", "en")]
    public void Language_is_guessed_from_the_letters(string text, string language)
    {
        Assert.Equal(language, ChatLexicon.DetectLanguage(text));
    }

    [Theory]
    [InlineData("Подскажите, какой объём нужен", true)]
    [InlineData("Сколько человек в команде", true)]
    [InlineData("Чи зручно вам завтра", true)]
    [InlineData("how many units do you need", true)]
    [InlineData("Отправил счёт на почту.", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Questions_are_recognised_with_or_without_a_question_mark(string? text, bool expected)
    {
        Assert.Equal(expected, Lexicon.IsQuestion(text));
    }

    [Theory]
    [InlineData("Сколько стоит доставка в Алматы?", ClientIntent.Price)]
    [InlineData("Есть ли в наличии 40 размер?", ClientIntent.Availability)]
    [InlineData("Хочу заказать две штуки", ClientIntent.Buying)]
    [InlineData("Скільки коштує?", ClientIntent.Price)]
    [InlineData("Do you have it in stock?", ClientIntent.Availability)]
    public void Client_intents_are_found_in_each_language(string text, ClientIntent intent)
    {
        Assert.Contains(intent, Lexicon.Intents(text));
    }

    [Theory]
    [InlineData("Давайте оформим заказ, отправлю ссылку на оплату", true)]
    [InlineData("Надсилаю рахунок", true)]
    [InlineData("I'll send the invoice now", true)]
    [InlineData("Да, есть", false)]
    public void Next_steps_are_recognised(string text, bool expected)
    {
        Assert.Equal(expected, Lexicon.OffersNextStep(text));
    }

    /// <summary>Accuracy of the lexicon classifier on the hand-labelled questions in Golden/spin-labelled.tsv.</summary>
    [Fact]
    public void Spin_classifier_is_right_on_at_least_nine_in_ten_labelled_questions()
    {
        var rows = File.ReadAllLines(Path.Combine(RepoPaths.Root, "SalesCoach.Tests", "Golden", "spin-labelled.tsv"))
            .Where(l => !l.StartsWith('#') && l.Contains('\t', StringComparison.Ordinal))
            .Select(l => l.Split('\t'))
            .ToList();
        var wrong = new List<string>();
        foreach (var row in rows)
        {
            var expected = row[0] switch { "S" => SpinType.Situation, "P" => SpinType.Problem, "I" => SpinType.Implication, "N" => SpinType.NeedPayoff, _ => (SpinType?)null };
            var actual = Lexicon.Classify(row[1]);
            if (actual != expected)
            {
                wrong.Add($"{row[0]} → {actual?.ToString() ?? "-"}: {row[1]}");
            }
        }
        var accuracy = 1.0 - (double)wrong.Count / rows.Count;
        output.WriteLine($"SPIN accuracy {accuracy:P1} on {rows.Count} labelled questions; wrong: {string.Join(" | ", wrong)}");
        Assert.True(rows.Count >= 40, "the labelled set shrank");
        Assert.True(accuracy >= 0.9, $"accuracy {accuracy:P1}; wrong: {string.Join(" | ", wrong)}");
    }
}
