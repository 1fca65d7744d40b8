// Owns the deal card and the manager summary as Telegram HTML.
using System.Globalization;
using System.Text;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals;

/// <summary>One deal's line in a manager's summary.</summary>
public sealed record DealSummaryLine(
    string DealId, string DealName, decimal Budget, string Currency, Priority Priority,
    int ConversionProbability, int DaysSinceLastActivity, string? TopAction);

/// <summary>What one manager's share of a team run found: counts of all deals, and the top lines to show.</summary>
public sealed record ManagerDealsSummary(int DealCount, int High, int Medium, int Low, IReadOnlyList<DealSummaryLine> Top);

/// <summary>Renders the seed-000 Telegram messages (HTML parse mode). Every value from outside is escaped.</summary>
public static class CoachingCardFormatter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string PriorityEmoji(Priority priority) => priority switch
    {
        Priority.High => "🔴",
        Priority.Medium => "🟡",
        _ => "🟢",
    };

    /// <summary>The detailed coaching card for one deal, as in seed 000's example message.</summary>
    public static string DealCard(Manager manager, Deal deal, DealMetrics metrics, CoachingAdvice advice, DateTimeOffset analysedAt)
    {
        var card = new StringBuilder();
        card.Append(PriorityEmoji(advice.Priority)).Append(" <b>АНАЛИЗ СДЕЛКИ</b>\n\n");
        card.Append("📋 Сделка: ").Append(TelegramHtml.Escape(deal.Name)).Append('\n');
        card.Append("💰 Бюджет: ").Append(Money(deal.Budget, deal.Currency)).Append('\n');
        card.Append("📊 Вероятность закрытия: ").Append(advice.ConversionProbability.ToString(Invariant)).Append("%\n");
        card.Append("👤 Менеджер: ").Append(TelegramHtml.Escape(manager.Name)).Append("\n\n");

        card.Append("⏱ В работе: ").Append(metrics.DealAgeDays.ToString(Invariant)).Append(" дн.\n");
        card.Append("📞 Звонков: ").Append(metrics.CallCount.ToString(Invariant))
            .Append(" (").Append((metrics.CallDurationSeconds / 60).ToString(Invariant)).Append(" мин)\n");
        card.Append("💬 Касаний: ").Append(metrics.TotalTouches.ToString(Invariant)).Append('\n');
        card.Append("⚠️ Дней без активности: ").Append(metrics.DaysSinceLastActivity.ToString(Invariant)).Append("\n\n");

        card.Append("📝 <b>ОЦЕНКА:</b>\n").Append(TelegramHtml.Escape(advice.Assessment)).Append("\n\n");
        AppendList(card, "✅ <b>ЧТО ХОРОШО:</b>", "  • ", advice.Strengths);
        AppendList(card, "⚠️ <b>ЧТО ВЫЗЫВАЕТ БЕСПОКОЙСТВО:</b>", "  • ", advice.Concerns);
        AppendList(card, "🚨 <b>КРИТИЧНО:</b>", "  ⛔️ ", advice.RedFlags);

        if (advice.ActionItems.Count > 0)
        {
            card.Append("💡 <b>РЕКОМЕНДАЦИИ:</b>\n");
            var number = 1;
            foreach (var group in advice.ActionItems.GroupBy(a => a.Urgency).OrderBy(g => g.Key))
            {
                card.Append('\n').Append(UrgencyHeading(group.Key)).Append('\n');
                foreach (var item in group)
                {
                    card.Append(number++.ToString(Invariant)).Append(". ").Append(TelegramHtml.Escape(item.Title)).Append('\n');
                    card.Append("   <i>Почему:</i> ").Append(TelegramHtml.Escape(item.Why)).Append('\n');
                    card.Append("   <i>Как:</i> ").Append(TelegramHtml.Escape(item.How)).Append('\n');
                }
            }
            card.Append('\n');
        }

        AppendList(card, "💬 <b>ЧТО СКАЗАТЬ КЛИЕНТУ:</b>", "  • ", advice.Phrases);
        AppendList(card, "🎯 <b>ПЛАН ДЕЙСТВИЙ (2-3 дня):</b>", "  ✓ ", advice.ActionPlan);
        card.Append("🤖 Анализ от ").Append(LocalStamp(analysedAt, manager.TimeZone));
        return card.ToString();
    }

    /// <summary>The per-manager summary after a team run: deals ranked by priority, then by budget.</summary>
    public static string ManagerSummary(Manager manager, ManagerDealsSummary summary, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var card = new StringBuilder();
        card.Append("📊 <b>СВОДКА ПО СДЕЛКАМ</b>\n\n");
        card.Append("👤 ").Append(TelegramHtml.Escape(manager.Name))
            .Append(" · сделок в работе: ").Append(summary.DealCount.ToString(Invariant)).Append('\n');
        card.Append("🔴 Высокий: ").Append(summary.High.ToString(Invariant))
            .Append(" · 🟡 Средний: ").Append(summary.Medium.ToString(Invariant))
            .Append(" · 🟢 Низкий: ").Append(summary.Low.ToString(Invariant)).Append("\n\n");

        if (summary.DealCount == 0)
        {
            card.Append("Открытых сделок нет.\n\n");
        }
        var number = 1;
        foreach (var deal in RankedDeals(summary.Top))
        {
            card.Append(number++.ToString(Invariant)).Append(". ").Append(PriorityEmoji(deal.Priority)).Append(' ')
                .Append("<b>").Append(TelegramHtml.Escape(deal.DealName)).Append("</b>\n");
            card.Append("   💰 ").Append(Money(deal.Budget, deal.Currency))
                .Append(" · 📊 ").Append(deal.ConversionProbability.ToString(Invariant)).Append('%')
                .Append(" · без активности ").Append(deal.DaysSinceLastActivity.ToString(Invariant)).Append(" дн.\n");
            if (!string.IsNullOrWhiteSpace(deal.TopAction))
            {
                card.Append("   ➜ ").Append(TelegramHtml.Escape(deal.TopAction)).Append('\n');
            }
        }
        if (summary.DealCount > summary.Top.Count)
        {
            card.Append("… и ещё ").Append((summary.DealCount - summary.Top.Count).ToString(Invariant)).Append(" сделок\n");
        }
        card.Append("\n🤖 Анализ от ").Append(LocalStamp(at, manager.TimeZone));
        return card.ToString();
    }

    /// <summary>Highest priority first, then the biggest budget; the deal id breaks ties so the order is stable.</summary>
    public static IEnumerable<DealSummaryLine> RankedDeals(IEnumerable<DealSummaryLine> deals) =>
        deals.OrderByDescending(d => d.Priority).ThenByDescending(d => d.Budget).ThenBy(d => d.DealId, StringComparer.Ordinal);

    public static string Money(decimal amount, string currency)
    {
        var symbol = currency.ToUpperInvariant() switch
        {
            "RUB" => "₽",
            "USD" => "$",
            "EUR" => "€",
            "KZT" => "₸",
            "UAH" => "₴",
            _ => currency.ToUpperInvariant(),
        };
        return TelegramHtml.Escape($"{amount.ToString("N0", Invariant)} {symbol}");
    }

    private static string LocalStamp(DateTimeOffset instant, string timeZone) =>
        TimeZones.ToLocal(instant, timeZone).ToString("dd.MM.yyyy HH:mm", Invariant);

    private static string UrgencyHeading(Urgency urgency) => urgency switch
    {
        Urgency.Urgent => "🔥 <b>СРОЧНО</b>",
        Urgency.ThisWeek => "⏰ <b>НА ЭТОЙ НЕДЕЛЕ</b>",
        _ => "📅 <b>ЗАПЛАНИРОВАТЬ</b>",
    };

    private static void AppendList(StringBuilder card, string heading, string bullet, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }
        card.Append(heading).Append('\n');
        foreach (var item in items)
        {
            card.Append(bullet).Append(TelegramHtml.Escape(item)).Append('\n');
        }
        card.Append('\n');
    }
}
