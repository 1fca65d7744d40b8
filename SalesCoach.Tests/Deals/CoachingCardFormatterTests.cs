using SalesCoach.Core.Deals;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Demo;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Deals;

public sealed class CoachingCardFormatterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static string DemoCard(string dealId)
    {
        var demo = DemoTeam.Build(Now);
        var deal = demo.Deals.Single(d => d.Id == dealId);
        var manager = demo.Managers.Single(m => m.Id == deal.ManagerId);
        var activities = demo.Activities.Where(a => a.DealId == dealId).ToList();
        var metrics = Core.Deals.DealMetrics.Calculate(deal, activities, Now);
        var advice = new RuleCoach(new RuleCoachOptions()).Advise(new DealContext(manager, deal, activities, metrics, Now));
        return CoachingCardFormatter.DealCard(manager, deal, metrics, advice, Now);
    }

    /// <summary>
    /// Golden file: the seed-000 example deal as a card. Review the diff by eye when it changes, then
    /// regenerate with SALESCOACH_UPDATE_GOLDEN=1.
    /// </summary>
    [Fact]
    public void Seed_example_deal_renders_as_the_golden_card()
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
    public void Card_shows_seed_000_metrics_in_the_managers_time_zone()
    {
        var card = DemoCard("1001");
        Assert.StartsWith("🔴 <b>АНАЛИЗ СДЕЛКИ</b>", card, StringComparison.Ordinal);
        Assert.Contains("💰 Бюджет: 450,000 ₽", card, StringComparison.Ordinal);
        Assert.Contains("⏱ В работе: 12 дн.", card, StringComparison.Ordinal);
        Assert.Contains("📞 Звонков: 3 (45 мин)", card, StringComparison.Ordinal);
        Assert.Contains("💬 Касаний: 7", card, StringComparison.Ordinal);
        Assert.Contains("⚠️ Дней без активности: 4", card, StringComparison.Ordinal);
        // 09:00 UTC is 12:00 in Moscow.
        Assert.EndsWith("🤖 Анализ от 23.11.2026 12:00", card, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_names_are_escaped()
    {
        var card = DemoCard("3001");
        Assert.Contains("Сервісний контракт &lt;Nova&gt; &amp; Co", card, StringComparison.Ordinal);
        Assert.DoesNotContain("<Nova>", card, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_ranks_deals_by_priority_then_budget_and_counts_all_deals()
    {
        var manager = DealBuilder.Manager();
        var lines = new List<DealSummaryLine>
        {
            new("1", "Small low", 10m, "RUB", Priority.Low, 80, 0, null),
            new("2", "Big medium", 900m, "RUB", Priority.Medium, 50, 2, "Позвонить"),
            new("3", "Small high", 100m, "RUB", Priority.High, 20, 6, "Срочно <звонить>"),
            new("4", "Big high", 1000m, "RUB", Priority.High, 30, 4, null),
        };
        var summary = new ManagerDealsSummary(6, 2, 1, 3, lines);
        var text = CoachingCardFormatter.ManagerSummary(manager, summary, Now);

        var order = new[] { "Big high", "Small high", "Big medium", "Small low" }.Select(n => text.IndexOf(n, StringComparison.Ordinal)).ToList();
        Assert.Equal(order.Order(), order);
        Assert.Contains("сделок в работе: 6", text, StringComparison.Ordinal);
        Assert.Contains("🔴 Высокий: 2 · 🟡 Средний: 1 · 🟢 Низкий: 3", text, StringComparison.Ordinal);
        Assert.Contains("… и ещё 2 сделок", text, StringComparison.Ordinal);
        Assert.Contains("➜ Срочно &lt;звонить&gt;", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Money_uses_thousands_separators_and_currency_symbols()
    {
        Assert.Equal("450,000 ₽", CoachingCardFormatter.Money(450_000m, "RUB"));
        Assert.Equal("2,500,000 ₸", CoachingCardFormatter.Money(2_500_000m, "kzt"));
        Assert.Equal("1,200 GBP", CoachingCardFormatter.Money(1_200m, "GBP"));
    }

    [Fact]
    public void Every_priority_has_its_seed_emoji()
    {
        Assert.Equal(["🔴", "🟡", "🟢"], new[] { Priority.High, Priority.Medium, Priority.Low }.Select(CoachingCardFormatter.PriorityEmoji));
    }

    [Fact]
    public void Unknown_manager_time_zone_is_an_input_error_naming_the_field()
    {
        var error = Assert.Throws<Core.Platform.InputValidationException>(() => TimeZones.Find("Mars/Olympus"));
        Assert.Equal("timeZone", error.Field);
    }
}
