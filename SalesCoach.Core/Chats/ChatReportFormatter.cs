// Owns the chat reports as Telegram messages: a manager's day or week, and the team view.
using System.Globalization;
using System.Text;
using SalesCoach.Core.Messaging;

namespace SalesCoach.Core.Chats;

/// <summary>Seed 002's Telegram reports: one manager's day or week in chats, and the team view.</summary>
public static class ChatReportFormatter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string ManagerReport(string title, string managerName, ChatGroupStats stats, SpinCounts spin, IReadOnlyDictionary<ChatAdviceRule, int> advice, SpinPlan? plan)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(spin);
        ArgumentNullException.ThrowIfNull(advice);
        var text = new StringBuilder();
        text.Append("💬 <b>").Append(TelegramHtml.Escape(title)).Append("</b>\n");
        text.Append("👤 ").Append(TelegramHtml.Escape(managerName)).Append("\n\n");
        AppendStats(text, stats);
        text.Append("❓ Вопросы SPIN: S ").Append(spin.Situation.ToString(Invariant))
            .Append(" · P ").Append(spin.Problem.ToString(Invariant))
            .Append(" · I ").Append(spin.Implication.ToString(Invariant))
            .Append(" · N ").Append(spin.NeedPayoff.ToString(Invariant)).Append('\n');
        if (advice.Count > 0)
        {
            text.Append("\n💡 <b>Что поправить:</b>\n");
            foreach (var (rule, count) in advice.OrderByDescending(a => a.Value).ThenBy(a => a.Key))
            {
                text.Append("  • ").Append(RuleTitle(rule)).Append(": ").Append(count.ToString(Invariant)).Append(" чат(ов)\n");
            }
        }
        if (plan is { AskMoreOf.Count: > 0 })
        {
            text.Append("\n🎯 <b>Задавайте больше вопросов:</b>\n");
            foreach (var gap in plan.AskMoreOf)
            {
                text.Append("  • ").Append(SpinTitle(gap.Type)).Append(" — сейчас ").Append(Percent(gap.Share)).Append(", цель ").Append(Percent(gap.Target)).Append('\n');
                if (gap.ExampleQuestions.Count > 0)
                {
                    text.Append("    «").Append(TelegramHtml.Escape(gap.ExampleQuestions[0])).Append("»\n");
                }
            }
        }
        return text.ToString().TrimEnd('\n');
    }

    public static string TeamReport(string title, IReadOnlyList<(string ManagerName, ChatGroupStats Stats)> managers, ChatGroupStats team)
    {
        ArgumentNullException.ThrowIfNull(managers);
        ArgumentNullException.ThrowIfNull(team);
        var text = new StringBuilder();
        text.Append("📊 <b>").Append(TelegramHtml.Escape(title)).Append("</b>\n\n");
        AppendStats(text, team);
        text.Append("\n<b>По менеджерам</b> (медиана первого ответа · без ответа · доля ответов):\n");
        foreach (var (name, stats) in managers.OrderByDescending(m => m.Stats.MedianFirstResponse ?? TimeSpan.MaxValue))
        {
            text.Append("  • ").Append(TelegramHtml.Escape(name)).Append(": ").Append(Duration(stats.MedianFirstResponse))
                .Append(" · ").Append(stats.ChatsWithUnanswered.ToString(Invariant))
                .Append(" · ").Append(stats.ResponseRate is { } rate ? Percent(rate) : "—").Append('\n');
        }
        return text.ToString().TrimEnd('\n');
    }

    private static void AppendStats(StringBuilder text, ChatGroupStats stats)
    {
        text.Append("💬 Чатов: ").Append(stats.Chats.ToString(Invariant))
            .Append(" · входящих ").Append(stats.Inbound.ToString(Invariant))
            .Append(" · исходящих ").Append(stats.Outbound.ToString(Invariant)).Append('\n');
        text.Append("⏱ Первый ответ: медиана ").Append(Duration(stats.MedianFirstResponse))
            .Append(", P90 ").Append(Duration(stats.P90FirstResponse)).Append('\n');
        text.Append("🐢 Медленных первых ответов: ").Append(stats.SlowFirstResponses.ToString(Invariant)).Append('\n');
        text.Append("📭 Чатов без ответа клиенту: ").Append(stats.ChatsWithUnanswered.ToString(Invariant)).Append('\n');
        text.Append("✅ Доля чатов с ответом: ").Append(stats.ResponseRate is { } rate ? Percent(rate) : "—").Append('\n');
    }

    public static string Duration(TimeSpan? time) => time is not { } t ? "—"
        : t < TimeSpan.FromMinutes(1) ? string.Create(Invariant, $"{t.TotalSeconds:0} с")
        : t < TimeSpan.FromHours(1) ? string.Create(Invariant, $"{t.TotalMinutes:0} мин")
        : string.Create(Invariant, $"{t.TotalHours:0.#} ч");

    private static string Percent(double share) => string.Create(Invariant, $"{share * 100:0}%");

    private static string RuleTitle(ChatAdviceRule rule) => rule switch
    {
        ChatAdviceRule.NoManagerReply => "нет ответа менеджера",
        ChatAdviceRule.ReplyFaster => "отвечать быстрее",
        ChatAdviceRule.FollowUp => "вернуться в диалог и зафиксировать шаг",
        ChatAdviceRule.AskClarifyingQuestions => "задать уточняющие вопросы",
        _ => "дать следующий шаг",
    };

    private static string SpinTitle(SpinType type) => type switch
    {
        SpinType.Situation => "ситуационных (S)",
        SpinType.Problem => "проблемных (P)",
        SpinType.Implication => "извлекающих (I)",
        _ => "направляющих (N)",
    };
}
