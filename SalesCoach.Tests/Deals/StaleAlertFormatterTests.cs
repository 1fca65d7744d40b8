using SalesCoach.Core.Deals;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Deals;

public sealed class StaleAlertFormatterTests
{
    [Fact]
    public void Alert_keeps_the_given_order_with_escaped_text_actions_and_plural_days()
    {
        var now = DealBuilder.Now;
        var silent = DealBuilder.At().With(d => d with { Id = "2", Name = "Long & silent", Stage = "КП" }).Call(9);
        var untouched = DealBuilder.At().With(d => d with { Id = "1", Name = "Short <pause>" });
        var deals = new[]
        {
            new StaleDeal(silent.Deal, silent.Metrics, RiskLevel.High, 900m, new ActionItem("Позвонить", Urgency.Urgent, "почему", "как <сейчас>")),
            new StaleDeal(untouched.Deal, untouched.Metrics, RiskLevel.Medium, 10m, null),
        };
        var text = StaleAlertFormatter.Alert(DealBuilder.Manager(), deals, 3, now, Languages.Russian, 10);

        Assert.StartsWith("🚨 <b>СДЕЛКИ БЕЗ АКТИВНОСТИ</b>", text, StringComparison.Ordinal);
        Assert.Contains("без активности 3 дня и дольше: 2 сделки", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("Long &amp; silent", StringComparison.Ordinal) < text.IndexOf("Short &lt;pause&gt;", StringComparison.Ordinal));
        Assert.Contains("⏸ Без активности: 9 дней · этап «КП»", text, StringComparison.Ordinal);
        // A deal with no call or message at all is said as such, not as "10 days idle".
        Assert.Contains("⏸ звонков и сообщений не записано", text, StringComparison.Ordinal);
        Assert.Contains("➜ Позвонить: как &lt;сейчас&gt;", text, StringComparison.Ordinal);
        Assert.EndsWith("🤖 Проверка от 23.11.2026 12:00", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Alert_of_two_thousand_deals_fits_one_message()
    {
        var builder = DealBuilder.At().Call(40);
        var deals = Enumerable.Range(1, 2000)
            .Select(i => new StaleDeal(builder.Deal with { Id = $"d{i}", Name = $"Deal {i} with a rather long descriptive name" }, builder.Metrics, RiskLevel.High, 2000m - i,
                new ActionItem("Call the client today", Urgency.Urgent, "why", "Call with something of value (a new offer, a case study, an answer to the client's question)")))
            .ToList();
        var manager = DealBuilder.Manager();
        var text = StaleAlertFormatter.Alert(manager, deals, 30, DealBuilder.Now, Languages.English, 10);

        Assert.True(text.Length <= TelegramHtml.MaxMessageLength, $"{text.Length} characters");
        Assert.Single(OutboxMessages.FromHtml(manager, OutboxKind.StaleAlert, text, "x", DealBuilder.Now, null, null));
        Assert.Contains("no activity for 30 days or more: 2,000 deals", text, StringComparison.Ordinal);
        var shown = Enumerable.Range(1, 2000).Count(i => text.Contains($"Deal {i} with", StringComparison.Ordinal));
        Assert.Contains($"… and {Languages.Number(Languages.English, 2000 - shown)} deals more: GET /api/managers/m1/deals?sort=risk", text, StringComparison.Ordinal);
        Assert.True(shown is >= 1 and <= 10);
    }
}
