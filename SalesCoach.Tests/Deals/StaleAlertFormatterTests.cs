using SalesCoach.Core.Deals;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Deals;

public sealed class StaleAlertFormatterTests
{
    [Fact]
    public void Alert_lists_idle_deals_longest_first_with_escaped_text_and_actions()
    {
        var now = DealBuilder.Now;
        var deals = new[]
        {
            new StaleDeal(DealBuilder.At().With(d => d with { Id = "1", Name = "Short <pause>" }).Deal, 3, Priority.Medium, null),
            new StaleDeal(DealBuilder.At().With(d => d with { Id = "2", Name = "Long & silent", Stage = "КП" }).Deal, 9, Priority.High,
                new ActionItem("Позвонить", Urgency.Urgent, "почему", "как <сейчас>")),
        };
        var text = StaleAlertFormatter.Alert(DealBuilder.Manager(), deals, 3, now);

        Assert.StartsWith("🚨 <b>СДЕЛКИ БЕЗ АКТИВНОСТИ</b>", text, StringComparison.Ordinal);
        Assert.Contains("без активности 3+ дн.: 2", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("Long &amp; silent", StringComparison.Ordinal) < text.IndexOf("Short &lt;pause&gt;", StringComparison.Ordinal));
        Assert.Contains("⏸ 9 дн. без активности · этап «КП»", text, StringComparison.Ordinal);
        Assert.Contains("➜ Позвонить: как &lt;сейчас&gt;", text, StringComparison.Ordinal);
        Assert.EndsWith("🤖 Проверка от 23.11.2026 12:00", text, StringComparison.Ordinal);
    }
}
