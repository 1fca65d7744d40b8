// Owns the chat report's tables (chats, messages, summaries, advice, SPIN) and how they are built.
using System.Globalization;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Chats;

/// <summary>
/// Seed 002's data mart for a period, as named tables (chats_raw, messages_raw, manager_summary,
/// channel_summary, chat_advice, spin_manager_metrics, spin_chat_metrics, spin_improvement_plans).
/// Each table is a header and rows of cells, ready for XLSX, CSV or JSON.
/// </summary>
public sealed record ChatReport(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ReportTable> Tables)
{
    /// <summary>The IANA zone the period's local days and the working window are measured in.</summary>
    public string? TimeZone { get; init; }

    public static readonly IReadOnlyList<string> TableNames =
        ["chats_raw", "messages_raw", "manager_summary", "channel_summary", "chat_advice", "spin_manager_metrics", "spin_chat_metrics", "spin_improvement_plans", "spin_conversion"];

    public ReportTable Table(string name) =>
        Tables.FirstOrDefault(t => t.Name == name) ?? throw new NotFoundException("Report table", name);
}

public sealed record ReportTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>Builds the report tables from computed chats: pure, no I/O.</summary>
public static class ChatReportTables
{
    public sealed record AnalysedChat(Chat Chat, IReadOnlyList<ChatMessage> Messages, ChatStats Stats, IReadOnlyList<ChatAdviceItem> Advice, SpinCounts Spin);

    public static ChatReport Build(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<AnalysedChat> chats, IReadOnlyDictionary<string, string> managerNames, SpinImprovementPlanner planner)
    {
        ArgumentNullException.ThrowIfNull(chats);
        ArgumentNullException.ThrowIfNull(managerNames);
        ArgumentNullException.ThrowIfNull(planner);
        string Manager(string? id) => id is null ? "" : managerNames.GetValueOrDefault(id, id);
        static object? Seconds(TimeSpan? t) => t is { } v ? Math.Round(v.TotalSeconds) : null;
        static string Name(Channel c) => c.ToString().ToLowerInvariant();

        var chatsRaw = new ReportTable("chats_raw",
            ["chat_id", "channel", "manager_id", "manager_name", "client_name", "order_id", "created_at", "updated_at", "inbound_count", "outbound_count", "first_response_sec", "unanswered_inbound"],
            chats.Select(c => (IReadOnlyList<object?>)[c.Chat.Id, Name(c.Chat.Channel), c.Stats.ManagerId, Manager(c.Stats.ManagerId), c.Chat.ClientName, c.Chat.OrderId, c.Chat.CreatedAt, c.Chat.UpdatedAt,
                c.Stats.Inbound, c.Stats.Outbound, Seconds(c.Stats.FirstResponse), c.Stats.UnansweredInbound]).ToList());

        var messagesRaw = new ReportTable("messages_raw", ["chat_id", "message_id", "sent_at", "direction", "manager_id", "text"],
            chats.SelectMany(c => c.Messages.Select(m => (IReadOnlyList<object?>)[m.ChatId, m.Id, m.SentAt, m.IsSystem ? "system" : m.Direction == Direction.Inbound ? "in" : "out", m.ManagerId, m.Text])).ToList());

        string[] summaryColumns = ["chats", "chats_with_inbound", "messages_in", "messages_out", "unanswered_inbound", "chats_with_unanswered", "slow_first_responses", "median_first_response_sec", "p90_first_response_sec", "response_rate"];
        IReadOnlyList<object?> Summary(ChatGroupStats g) => [g.Chats, g.ChatsWithInbound, g.Inbound, g.Outbound, g.UnansweredInbound, g.ChatsWithUnanswered, g.SlowFirstResponses, Seconds(g.MedianFirstResponse), Seconds(g.P90FirstResponse), g.ResponseRate];
        var stats = chats.Select(c => c.Stats).ToList();
        var managerSummary = new ReportTable("manager_summary", ["manager_id", "manager_name", .. summaryColumns],
            ChatMetrics.Summarize(stats, s => s.ManagerId ?? "").Select(g => (IReadOnlyList<object?>)[g.Key, Manager(g.Key), .. Summary(g)]).ToList());
        var channelSummary = new ReportTable("channel_summary", ["channel", .. summaryColumns],
            ChatMetrics.Summarize(stats, s => Name(s.Channel)).Select(g => (IReadOnlyList<object?>)[g.Key, .. Summary(g)]).ToList());

        var advice = new ReportTable("chat_advice", ["chat_id", "manager_id", "rule", "advice"],
            chats.SelectMany(c => c.Advice.Select(a => (IReadOnlyList<object?>)[c.Chat.Id, c.Stats.ManagerId, Json.Name(a.Rule.ToString()), a.Text])).ToList());

        string[] spinColumns = ["situation", "problem", "implication", "need_payoff", "questions", "situation_share", "problem_share", "implication_share", "need_payoff_share"];
        static IReadOnlyList<object?> Spin(SpinCounts s) => [s.Situation, s.Problem, s.Implication, s.NeedPayoff, s.Total,
            Math.Round(s.Share(SpinType.Situation), 3), Math.Round(s.Share(SpinType.Problem), 3), Math.Round(s.Share(SpinType.Implication), 3), Math.Round(s.Share(SpinType.NeedPayoff), 3)];
        var byManager = chats.GroupBy(c => c.Stats.ManagerId ?? "", StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Manager: g.Key, Spin: g.Aggregate(SpinCounts.None, (sum, c) => sum.Add(c.Spin)), Texts: g.SelectMany(c => c.Messages.Where(m => m.Direction == Direction.Outbound && !m.IsSystem).Select(m => m.Text)).ToList()))
            .ToList();
        var spinManagers = new ReportTable("spin_manager_metrics", ["manager_id", "manager_name", .. spinColumns],
            byManager.Select(m => (IReadOnlyList<object?>)[m.Manager, Manager(m.Manager), .. Spin(m.Spin)]).ToList());
        var spinChats = new ReportTable("spin_chat_metrics", ["chat_id", "manager_id", .. spinColumns],
            chats.Select(c => (IReadOnlyList<object?>)[c.Chat.Id, c.Stats.ManagerId, .. Spin(c.Spin)]).ToList());
        var plans = new ReportTable("spin_improvement_plans", ["manager_id", "manager_name", "language", "ask_more_of", "current_share", "target_share", "example_questions"],
            byManager.SelectMany(m =>
            {
                var plan = planner.Plan(m.Manager, m.Spin, m.Texts);
                return plan.AskMoreOf.Select(g => (IReadOnlyList<object?>)[m.Manager, Manager(m.Manager), plan.Language, ChatLexicon.SpinKey(g.Type),
                    g.Share, g.Target, string.Join(" | ", g.ExampleQuestions)]);
            }).ToList());

        // Seed 002's conversion view: the SPIN mix of chats that ended in an order against those that did not.
        var conversion = new ReportTable("spin_conversion", ["outcome", "chats", .. spinColumns],
            chats.GroupBy(c => c.Chat.OrderId is null ? "no_order" : "order").OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (IReadOnlyList<object?>)[g.Key, g.Count(), .. Spin(g.Aggregate(SpinCounts.None, (sum, c) => sum.Add(c.Spin)))]).ToList());

        return new ChatReport(from, to, [chatsRaw, messagesRaw, managerSummary, channelSummary, advice, spinManagers, spinChats, plans, conversion]);
    }

    /// <summary>A cell as text: dates ISO 8601 UTC, numbers invariant.</summary>
    public static string Text(object? cell) => cell switch
    {
        null => "",
        DateTimeOffset at => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString() ?? "",
    };
}
