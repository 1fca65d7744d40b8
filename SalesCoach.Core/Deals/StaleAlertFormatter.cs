// Owns the stale-deal alert as Telegram HTML.
using System.Globalization;
using System.Text;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals;

/// <summary>One idle deal in a stale-deal alert, with the first thing to do about it.</summary>
public sealed record StaleDeal(Deal Deal, int DaysSinceLastActivity, Priority Priority, ActionItem? FirstAction);

/// <summary>Seed 000 "Check for Inactive Deals": an urgent alert listing a manager's idle deals with action items.</summary>
public static class StaleAlertFormatter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Alert(Manager manager, IReadOnlyCollection<StaleDeal> deals, int daysThreshold, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(deals);
        var text = new StringBuilder();
        text.Append("🚨 <b>СДЕЛКИ БЕЗ АКТИВНОСТИ</b>\n\n");
        text.Append("👤 ").Append(TelegramHtml.Escape(manager.Name))
            .Append(" · без активности ").Append(daysThreshold.ToString(Invariant)).Append("+ дн.: ")
            .Append(deals.Count.ToString(Invariant)).Append("\n\n");
        var number = 1;
        foreach (var stale in deals.OrderByDescending(d => d.DaysSinceLastActivity).ThenByDescending(d => d.Deal.Budget).ThenBy(d => d.Deal.Id, StringComparer.Ordinal))
        {
            text.Append(number++.ToString(Invariant)).Append(". ").Append(CoachingCardFormatter.PriorityEmoji(stale.Priority))
                .Append(" <b>").Append(TelegramHtml.Escape(stale.Deal.Name)).Append("</b>\n");
            text.Append("   💰 ").Append(CoachingCardFormatter.Money(stale.Deal.Budget, stale.Deal.Currency))
                .Append(" · ⏸ ").Append(stale.DaysSinceLastActivity.ToString(Invariant)).Append(" дн. без активности")
                .Append(" · этап «").Append(TelegramHtml.Escape(stale.Deal.Stage)).Append("»\n");
            if (stale.FirstAction is { } action)
            {
                text.Append("   ➜ ").Append(TelegramHtml.Escape(action.Title)).Append(": ").Append(TelegramHtml.Escape(action.How)).Append('\n');
            }
        }
        text.Append("\n🤖 Проверка от ").Append(TimeZones.ToLocal(at, manager.TimeZone).ToString("dd.MM.yyyy HH:mm", Invariant));
        return text.ToString();
    }
}
