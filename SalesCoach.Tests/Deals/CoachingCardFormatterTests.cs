using SalesCoach.Core.Deals;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Deals.Forecast;
using SalesCoach.Core.Demo;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Deals;

public sealed class CoachingCardFormatterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static string DemoCard(string dealId, string language = Languages.Russian, WinForecast? forecast = null)
    {
        var demo = DemoTeam.Build(Now);
        var deal = demo.Deals.Single(d => d.Id == dealId);
        var manager = demo.Managers.Single(m => m.Id == deal.ManagerId);
        var activities = demo.Activities.Where(a => a.DealId == dealId).ToList();
        var metrics = DealMetrics.Calculate(deal, activities, Now);
        var context = new DealContext(manager, deal, activities, metrics, Now) { Language = language };
        var options = new RuleCoachOptions();
        var advice = new RuleCoach(options).Advise(context);
        var record = new AnalysisRecord
        {
            Id = "a1", DealId = deal.Id, ManagerId = manager.Id, CreatedAt = Now, Metrics = metrics, Advice = advice,
            Forecast = forecast ?? new WinForecast(advice.ConversionProbability / 100.0, ForecastSources.Rules),
            Risk = DealRisk.Assess(context, options), Language = language,
        };
        return CoachingCardFormatter.DealCard(manager, deal, record);
    }

    /// <summary>
    /// Golden file: the example deal from the product description as a card. Review the diff by eye when
    /// it changes, then regenerate with SALESCOACH_UPDATE_GOLDEN=1.
    /// </summary>
    [Fact]
    public void Example_deal_renders_as_the_golden_card()
    {
        var card = DemoCard("1001");
        var golden = Path.Combine(RepoPaths.Root, "SalesCoach.Tests", "Golden", "deal-card-1001.html");
        if (Environment.GetEnvironmentVariable("SALESCOACH_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, card);
        }
        Assert.Equal(File.ReadAllText(golden), card);
    }

    [Fact]
    public void Card_counts_in_russian_plural_forms_and_names_the_probability_source()
    {
        var card = DemoCard("1001");
        Assert.StartsWith("🔴 <b>АНАЛИЗ СДЕЛКИ</b>", card, StringComparison.Ordinal);
        Assert.Contains("💰 Бюджет: 450,000 ₽", card, StringComparison.Ordinal);
        Assert.Contains("% (оценка по правилам)", card, StringComparison.Ordinal);
        Assert.Contains("⏱ В работе: 12 дней", card, StringComparison.Ordinal);
        Assert.Contains("📞 Звонков: 3 (45 минут)", card, StringComparison.Ordinal);
        Assert.Contains("💬 Касаний: 7", card, StringComparison.Ordinal);
        Assert.Contains("⚠️ Без активности: 4 дня", card, StringComparison.Ordinal);
        Assert.Contains("Риск потери: ", card, StringComparison.Ordinal);
        // 09:00 UTC is 12:00 in Moscow.
        Assert.EndsWith("🤖 Анализ от 23.11.2026 12:00", card, StringComparison.Ordinal);
    }

    [Fact]
    public void Card_is_written_in_the_analysis_language()
    {
        var english = DemoCard("1001", Languages.English, new WinForecast(0.37, ForecastSources.Model, "wm-1"));
        Assert.StartsWith("🔴 <b>DEAL ANALYSIS</b>", english, StringComparison.Ordinal);
        Assert.Contains("Win probability: 37% (model of the team's history)", english, StringComparison.Ordinal);
        Assert.Contains("Open for: 12 days", english, StringComparison.Ordinal);
        Assert.Contains("Calls: 3 (45 minutes)", english, StringComparison.Ordinal);
        Assert.DoesNotContain("Сделка", english, StringComparison.Ordinal);

        var ukrainian = DemoCard("1001", Languages.Ukrainian);
        Assert.Contains("12 днів", ukrainian, StringComparison.Ordinal);
        Assert.Contains("4 дні", ukrainian, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_names_are_escaped()
    {
        var card = DemoCard("3001");
        Assert.Contains("Сервісний контракт &lt;Nova&gt; &amp; Co", card, StringComparison.Ordinal);
        Assert.DoesNotContain("<Nova>", card, StringComparison.Ordinal);
    }

    private static DealSummaryLine Line(int i) => new(
        $"d{i}", $"Deal <{i}> & Co", 1000m + i, "USD", RiskLevel.High, "no calls or messages recorded · in stage for 340 days (typically 45 days)",
        30, 500m - i, "Check whether the deal is still alive");

    [Fact]
    public void Summary_keeps_the_attention_order_and_says_how_many_more_in_plural_forms()
    {
        var lines = new List<DealSummaryLine>
        {
            new("1", "Big at risk", 900m, "RUB", RiskLevel.High, "без контакта 9 дней", 50, 300m, "Позвонить"),
            new("2", "Small <urgent>", 100m, "RUB", RiskLevel.Medium, "", 20, 10m, "Срочно <звонить>"),
        };
        var summary = new ManagerDealsSummary(4, 1, 1, 2, lines) { CardsSent = 1 };
        var text = CoachingCardFormatter.ManagerSummary(DealBuilder.Manager(), summary, Now, 10);

        Assert.True(text.IndexOf("Big at risk", StringComparison.Ordinal) < text.IndexOf("Small &lt;urgent&gt;", StringComparison.Ordinal));
        Assert.Contains("в работе 4 сделки", text, StringComparison.Ordinal);
        Assert.Contains("🔴 высокий: 1 · 🟡 средний: 1 · 🟢 низкий: 2", text, StringComparison.Ordinal);
        Assert.Contains("… и ещё 2 сделки: GET /api/managers/m1/deals?sort=risk", text, StringComparison.Ordinal);
        Assert.Contains("под риском 300 ₽", text, StringComparison.Ordinal);
        Assert.Contains("Вероятность закрытия: оценка по правилам", text, StringComparison.Ordinal);
        Assert.Contains("➜ Срочно &lt;звонить&gt;", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2000, 10)]
    [InlineData(2000, 50)]
    [InlineData(7, 10)]
    public void Summary_of_thousands_of_deals_is_one_message_with_the_rest_behind_and_more(int deals, int maxLines)
    {
        var manager = DealBuilder.Manager() with { Id = "a-manager-with-a-long-id" };
        var summary = new ManagerDealsSummary(deals, deals, 0, 0, Enumerable.Range(1, Math.Min(deals, maxLines)).Select(Line).ToList())
        {
            Language = Languages.English, ProbabilitySource = ForecastSources.Model, CardsSent = 5,
        };
        var text = CoachingCardFormatter.ManagerSummary(manager, summary, Now, maxLines);

        Assert.True(text.Length <= TelegramHtml.MaxMessageLength, $"{text.Length} characters");
        Assert.Single(OutboxMessages.FromHtml(manager, OutboxKind.ManagerSummary, text, "s", Now, null, null));
        var shown = Enumerable.Range(1, maxLines).Count(i => text.Contains($"Deal &lt;{i}&gt;", StringComparison.Ordinal));
        Assert.InRange(shown, 1, maxLines);
        if (deals > shown)
        {
            Assert.Contains($"… and {Languages.Number(Languages.English, deals - shown)} deals more: GET /api/managers/a-manager-with-a-long-id/deals?sort=risk", text, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("more:", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Money_uses_thousands_separators_and_currency_symbols()
    {
        Assert.Equal("450,000 ₽", CoachingCardFormatter.Money(450_000m, "RUB"));
        Assert.Equal("2,500,000 ₸", CoachingCardFormatter.Money(2_500_000m, "kzt"));
        Assert.Equal("1,200 GBP", CoachingCardFormatter.Money(1_200m, "GBP"));
    }

    [Fact]
    public void Every_priority_and_risk_level_has_its_emoji()
    {
        Assert.Equal(["🔴", "🟡", "🟢"], new[] { Priority.High, Priority.Medium, Priority.Low }.Select(CoachingCardFormatter.PriorityEmoji));
        Assert.Equal(["🔴", "🟡", "🟢"], new[] { RiskLevel.High, RiskLevel.Medium, RiskLevel.Low }.Select(CoachingCardFormatter.RiskEmoji));
    }

    [Fact]
    public void Unknown_manager_time_zone_is_an_input_error_naming_the_field()
    {
        var error = Assert.Throws<InputValidationException>(() => TimeZones.Find("Mars/Olympus"));
        Assert.Equal("timeZone", error.Field);
    }
}
