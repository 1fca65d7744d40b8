// Owns the deal card and the manager summary as Telegram HTML, in the manager's language.
using System.Globalization;
using System.Text;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Deals.Forecast;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals;

/// <summary>One deal's line in a manager's summary, already ranked; <see cref="RiskReasons"/> is in the manager's language.</summary>
public sealed record DealSummaryLine(
    string DealId, string DealName, decimal Budget, string Currency, RiskLevel Risk, string RiskReasons,
    int Probability, decimal ValueAtRisk, string? TopAction);

/// <summary>What one manager's share of a team run found: counts by risk of loss, and the top lines in attention order.</summary>
public sealed record ManagerDealsSummary(int DealCount, int High, int Medium, int Low, IReadOnlyList<DealSummaryLine> Top)
{
    /// <summary>Detailed cards queued in this run.</summary>
    public int CardsSent { get; init; }
    public string Language { get; init; } = Languages.Russian;
    /// <summary>Where the probabilities of the lines came from (see <see cref="ForecastSources"/>).</summary>
    public string ProbabilitySource { get; init; } = ForecastSources.Rules;
}

/// <summary>Renders coaching messages in Telegram HTML. Every value from outside is escaped; a summary always fits one message.</summary>
public static class CoachingCardFormatter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string PriorityEmoji(Priority priority) => priority switch
    {
        Priority.High => "🔴",
        Priority.Medium => "🟡",
        _ => "🟢",
    };

    public static string RiskEmoji(RiskLevel level) => level switch
    {
        RiskLevel.High => "🔴",
        RiskLevel.Medium => "🟡",
        _ => "🟢",
    };

    /// <summary>What a probability's source is called on a card.</summary>
    public static string SourceLabel(CoachingTexts texts, string source)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return source switch
        {
            ForecastSources.Model => texts.ProbabilityByModel,
            ForecastSources.Llm => texts.ProbabilityByLlm,
            _ => texts.ProbabilityByRules,
        };
    }

    /// <summary>The detailed coaching card for one analysed deal, in the language it was analysed in.</summary>
    public static string DealCard(Manager manager, Deal deal, AnalysisRecord analysis)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(deal);
        ArgumentNullException.ThrowIfNull(analysis);
        var texts = CoachingTexts.For(analysis.Language);
        var metrics = analysis.Metrics;
        var advice = analysis.Advice;
        var forecast = analysis.ShownForecast;
        var card = new StringBuilder();
        card.Append(PriorityEmoji(advice.Priority)).Append(" <b>").Append(texts.CardTitle).Append("</b>\n\n");
        card.Append("📋 ").Append(texts.DealLabel).Append(": ").Append(TelegramHtml.Escape(deal.Name)).Append('\n');
        card.Append("💰 ").Append(texts.BudgetLabel).Append(": ").Append(Money(deal.Budget, deal.Currency)).Append('\n');
        card.Append("📊 ").Append(texts.ProbabilityLabel).Append(": ").Append(forecast.Percent.ToString(Invariant)).Append("% (")
            .Append(SourceLabel(texts, forecast.Source)).Append(")\n");
        if (analysis.Risk is { } risk)
        {
            card.Append(RiskEmoji(risk.Level)).Append(' ').Append(TelegramHtml.Escape(texts.RiskLine(texts.RiskLevel(risk.Level))));
            if (risk.Reasons.Count > 0)
            {
                card.Append(" — ").Append(TelegramHtml.Escape(risk.Describe(texts, 3)));
            }
            card.Append('\n');
        }
        card.Append("👤 ").Append(texts.ManagerLabel).Append(": ").Append(TelegramHtml.Escape(manager.Name)).Append("\n\n");

        card.Append("⏱ ").Append(TelegramHtml.Escape(texts.InWork(texts.Days(metrics.DealAgeDays)))).Append('\n');
        card.Append("📞 ").Append(TelegramHtml.Escape(texts.Calls(metrics.CallCount, texts.Minutes(metrics.CallDurationSeconds / 60)))).Append('\n');
        card.Append("💬 ").Append(TelegramHtml.Escape(texts.Touches(metrics.TotalTouches))).Append('\n');
        card.Append("⚠️ ").Append(TelegramHtml.Escape(Capitalise(texts.Silence(metrics)))).Append("\n\n");

        card.Append("📝 <b>").Append(texts.AssessmentHeading).Append("</b>\n").Append(TelegramHtml.Escape(advice.Assessment)).Append("\n\n");
        AppendList(card, $"✅ <b>{texts.StrengthsHeading}</b>", "  • ", advice.Strengths);
        AppendList(card, $"⚠️ <b>{texts.ConcernsHeading}</b>", "  • ", advice.Concerns);
        AppendList(card, $"🚨 <b>{texts.RedFlagsHeading}</b>", "  ⛔️ ", advice.RedFlags);

        if (advice.ActionItems.Count > 0)
        {
            card.Append("💡 <b>").Append(texts.RecommendationsHeading).Append("</b>\n");
            var number = 1;
            foreach (var group in advice.ActionItems.GroupBy(a => a.Urgency).OrderBy(g => g.Key))
            {
                card.Append('\n').Append(UrgencyEmoji(group.Key)).Append(" <b>").Append(texts.UrgencyHeading(group.Key)).Append("</b>\n");
                foreach (var item in group)
                {
                    card.Append(number++.ToString(Invariant)).Append(". ").Append(TelegramHtml.Escape(item.Title)).Append('\n');
                    card.Append("   <i>").Append(texts.Why).Append("</i> ").Append(TelegramHtml.Escape(item.Why)).Append('\n');
                    card.Append("   <i>").Append(texts.How).Append("</i> ").Append(TelegramHtml.Escape(item.How)).Append('\n');
                }
            }
            card.Append('\n');
        }

        AppendList(card, $"💬 <b>{texts.PhrasesHeading}</b>", "  • ", advice.Phrases);
        AppendList(card, $"🎯 <b>{texts.PlanHeading}</b>", "  ✓ ", advice.ActionPlan);
        card.Append("🤖 ").Append(texts.AnalysedAt).Append(' ').Append(LocalStamp(analysis.CreatedAt, manager.TimeZone));
        return card.ToString();
    }

    /// <summary>
    /// The per-manager summary after a team run, in one Telegram message: counts, then deals in attention
    /// order (most value at risk first) while they fit and up to <paramref name="maxLines"/>, then
    /// "and N more" pointing at the full ranked list.
    /// </summary>
    public static string ManagerSummary(Manager manager, ManagerDealsSummary summary, DateTimeOffset at, int maxLines)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(summary);
        var texts = CoachingTexts.For(summary.Language);
        var head = new StringBuilder();
        head.Append("📊 <b>").Append(texts.SummaryTitle).Append("</b>\n\n");
        head.Append("👤 ").Append(TelegramHtml.Escape(manager.Name)).Append(" · ").Append(TelegramHtml.Escape(texts.OpenDeals(summary.DealCount))).Append('\n');
        if (summary.DealCount == 0)
        {
            head.Append(texts.NoOpenDeals).Append("\n\n");
        }
        else
        {
            head.Append(TelegramHtml.Escape(texts.RiskCounts(summary.High, summary.Medium, summary.Low))).Append('\n');
            head.Append("📊 ").Append(texts.ProbabilityLabel).Append(": ").Append(SourceLabel(texts, summary.ProbabilitySource)).Append('\n');
            if (summary.CardsSent > 0)
            {
                head.Append("📨 ").Append(TelegramHtml.Escape(texts.CardsSent(summary.CardsSent))).Append('\n');
            }
            head.Append('\n');
        }
        var footer = "\n🤖 " + texts.AnalysedAt + " " + LocalStamp(at, manager.TimeZone);
        var lines = summary.Top.Select((line, i) => SummaryLine(texts, i + 1, line));
        return Fit(head.ToString(), lines, summary.DealCount, maxLines, n => texts.More(n, manager.Id), footer);
    }

    /// <summary>
    /// Header, then as many item blocks as fit in one message (at most <paramref name="maxLines"/>), then
    /// "and N more" for the rest of <paramref name="total"/>, then the footer.
    /// </summary>
    public static string Fit(string header, IEnumerable<string> items, int total, int maxLines, Func<int, string> more, string footer)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(more);
        ArgumentNullException.ThrowIfNull(footer);
        var text = new StringBuilder(header);
        // Room for the longest "and N more" line: it names a count and the manager's id.
        var reserve = footer.Length + TelegramHtml.Escape(more(total)).Length + 2;
        var shown = 0;
        foreach (var item in items)
        {
            if (shown >= maxLines || text.Length + item.Length + reserve > TelegramHtml.MaxMessageLength)
            {
                break;
            }
            text.Append(item);
            shown++;
        }
        if (total > shown)
        {
            text.Append(TelegramHtml.Escape(more(total - shown))).Append('\n');
        }
        text.Append(footer);
        return text.ToString();
    }

    private static string SummaryLine(CoachingTexts texts, int number, DealSummaryLine deal)
    {
        var line = new StringBuilder();
        line.Append(number.ToString(Invariant)).Append(". ").Append(RiskEmoji(deal.Risk)).Append(" <b>").Append(TelegramHtml.Escape(deal.DealName)).Append("</b>\n");
        line.Append("   💰 ").Append(Money(deal.Budget, deal.Currency))
            .Append(" · 📊 ").Append(deal.Probability.ToString(Invariant)).Append('%');
        if (deal.ValueAtRisk > 0)
        {
            line.Append(" · ").Append(TelegramHtml.Escape(texts.AtRisk(PlainMoney(deal.ValueAtRisk, deal.Currency))));
        }
        line.Append('\n');
        if (deal.RiskReasons.Length > 0)
        {
            line.Append("   ⚠️ ").Append(TelegramHtml.Escape(deal.RiskReasons)).Append('\n');
        }
        if (!string.IsNullOrWhiteSpace(deal.TopAction))
        {
            line.Append("   ➜ ").Append(TelegramHtml.Escape(deal.TopAction)).Append('\n');
        }
        return line.ToString();
    }

    public static string Money(decimal amount, string currency) => TelegramHtml.Escape(PlainMoney(amount, currency));

    private static string PlainMoney(decimal amount, string currency)
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
        return $"{Math.Round(amount).ToString("N0", Invariant)} {symbol}";
    }

    public static string LocalStamp(DateTimeOffset instant, string timeZone) =>
        TimeZones.ToLocal(instant, timeZone).ToString("dd.MM.yyyy HH:mm", Invariant);

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];

    private static string UrgencyEmoji(Urgency urgency) => urgency switch
    {
        Urgency.Urgent => "🔥",
        Urgency.ThisWeek => "⏰",
        _ => "📅",
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
