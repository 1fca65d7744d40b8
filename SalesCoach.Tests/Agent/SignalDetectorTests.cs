using SalesCoach.Core.Agent;

namespace SalesCoach.Tests.Agent;

public sealed class SignalDetectorTests
{
    [Theory]
    [InlineData("ДОРОГО!!!", Signal.PriceObjection)]
    [InlineData("Ещё  смотрим   Битрикс", Signal.Competitor)]
    [InlineData("оформляйте, беру", Signal.BuyingSignal)]
    [InlineData("давайте созвонимся завтра в 15:00", Signal.MeetingScheduled)]
    [InlineData("we’re in. send the invoice", Signal.BuyingSignal)]
    public void A_signal_is_found_whatever_the_case_spacing_or_apostrophe(string text, Signal expected) =>
        Assert.Contains(expected, SignalDetector.Default.Detect(text).Signals);

    [Theory]
    [InlineData("Я не говорю что дорого, просто хочу понять из чего складывается цена")]
    [InlineData("Мы ни с кем больше не общаемся, кроме вас")]
    [InlineData("Не, брать не буду, передумала")]
    [InlineData("Я в отпуске до 20-го, вернусь — созвонимся")]
    [InlineData("")]
    [InlineData("   ")]
    public void Negations_and_hedges_cancel_the_signal(string text) =>
        Assert.Empty(SignalDetector.Default.Detect(text).Signals);

    [Fact]
    public void A_named_competitor_is_reported_as_the_client_wrote_it()
    {
        var detection = SignalDetector.Default.Detect("На Rozetka дешевле на 500 грн");
        Assert.Equal(new HashSet<Signal> { Signal.Competitor, Signal.PriceObjection }, detection.Signals);
        Assert.Equal("Rozetka", detection.Competitor);
    }

    [Fact]
    public void Competitors_from_the_setting_are_watched_too()
    {
        const string text = "А вот Мегакорп делает это в облаке";
        Assert.DoesNotContain(Signal.Competitor, SignalDetector.Default.Detect(text).Signals);
        var detection = SignalDetector.Load(new AgentOptions { ExtraCompetitors = "Мегакорп, Acme (Inc)" }.ExtraCompetitorNames()).Detect(text);
        Assert.Contains(Signal.Competitor, detection.Signals);
        Assert.Equal("Мегакорп", detection.Competitor);
        Assert.Contains(Signal.Competitor, SignalDetector.Load(["Acme (Inc)"]).Detect("we also looked at acme (inc) last week").Signals);
    }

    [Fact]
    public void Every_signal_has_texts_in_each_language_and_a_playbook()
    {
        foreach (var signal in Enum.GetValues<Signal>())
        {
            var template = SignalDetector.Default.Templates[signal];
            Assert.False(string.IsNullOrWhiteSpace(template.Playbook));
            Assert.All(new[] { "ru", "uk", "en" }, language => Assert.False(string.IsNullOrWhiteSpace(template.Texts[language].SuggestedResponse)));
        }
    }
}
