// Owns the stale-deal alert as Telegram HTML, in the manager's language.
using System.Text;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;

namespace SalesCoach.Core.Deals;

/// <summary>One idle deal in a stale-deal alert, with its risk of loss and the first thing to do about it.</summary>
public sealed record StaleDeal(Deal Deal, DealMetrics Metrics, RiskLevel Risk, decimal ValueAtRisk, ActionItem? FirstAction);

/// <summary>An urgent alert listing a manager's idle deals, most value at risk first, in one Telegram message.</summary>
public static class StaleAlertFormatter
{
    /// <summary><paramref name="deals"/> in the order to show them (see <see cref="DealAssessor.Ranked"/>).</summary>
    public static string Alert(Manager manager, IReadOnlyCollection<StaleDeal> deals, int daysThreshold, DateTimeOffset at, string language, int maxLines)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(deals);
        var texts = CoachingTexts.For(language);
        var header = new StringBuilder();
        header.Append("🚨 <b>").Append(texts.StaleTitle).Append("</b>\n\n");
        header.Append("👤 ").Append(TelegramHtml.Escape(manager.Name)).Append(" · ")
            .Append(TelegramHtml.Escape(texts.StaleHeader(daysThreshold, deals.Count))).Append("\n\n");
        var items = deals.Select((stale, i) => Item(texts, i + 1, stale));
        var footer = "\n🤖 " + texts.CheckedAt + " " + CoachingCardFormatter.LocalStamp(at, manager.TimeZone);
        return CoachingCardFormatter.Fit(header.ToString(), items, deals.Count, maxLines, n => texts.More(n, manager.Id), footer);
    }

    private static string Item(CoachingTexts texts, int number, StaleDeal stale)
    {
        var text = new StringBuilder();
        text.Append(number.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(". ").Append(CoachingCardFormatter.RiskEmoji(stale.Risk))
            .Append(" <b>").Append(TelegramHtml.Escape(stale.Deal.Name)).Append("</b>\n");
        text.Append("   💰 ").Append(CoachingCardFormatter.Money(stale.Deal.Budget, stale.Deal.Currency))
            .Append(" · ⏸ ").Append(TelegramHtml.Escape(texts.Silence(stale.Metrics)))
            .Append(" · ").Append(TelegramHtml.Escape(texts.StageLabel(stale.Deal.Stage))).Append('\n');
        if (stale.FirstAction is { } action)
        {
            text.Append("   ➜ ").Append(TelegramHtml.Escape(action.Title)).Append(": ").Append(TelegramHtml.Escape(action.How)).Append('\n');
        }
        return text.ToString();
    }
}
