using System.Globalization;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Analysis;
using SalesCoach.Core.Crm;
using SalesCoach.Core.Delivery;
using SalesCoach.Core.Storage;

namespace SalesCoach.Core.Jobs;

public sealed record ChatReportsResult(bool Due, int ManagerReports, bool TeamReport, bool Weekly);

/// <summary>
/// Seed 002's daily report and weekly digest (hourly timer): at the team's report hour (local time),
/// each manager gets yesterday's chat numbers, what to fix and which questions to ask more of; the team
/// chat gets the team view. On Mondays the same goes out for the last seven days as the digest.
/// Outbox ids are per day (or week) and manager, so a repeated run sends nothing twice.
/// </summary>
public sealed class SendChatReports(BuildChatReport reports, ManagerRepository managers, OutboxRepository outbox, ChatAnalyticsOptions options, TimeProvider time, ILogger<SendChatReports> logger)
{
    public async Task<ChatReportsResult> RunAsync(bool force, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var zone = TimeZones.Find(options.TimeZone, "Chats:TimeZone");
        var local = TimeZoneInfo.ConvertTime(now, zone);
        if (!force && local.Hour != options.ReportHour)
        {
            return new ChatReportsResult(false, 0, false, false);
        }
        var today = DateOnly.FromDateTime(local.DateTime);
        var sent = await SendAsync("Чаты за день", "daily", today.AddDays(-1), today, zone, cancellationToken).ConfigureAwait(false);
        var weekly = today.DayOfWeek == DayOfWeek.Monday;
        if (weekly)
        {
            await SendAsync("Чаты за неделю", "weekly", today.AddDays(-7), today, zone, cancellationToken).ConfigureAwait(false);
        }
        logger.LogInformation("Chat reports for {Day}: {Managers} manager reports, weekly {Weekly}", today, sent.Managers, weekly);
        return new ChatReportsResult(true, sent.Managers, sent.Team, weekly);
    }

    private async Task<(int Managers, bool Team)> SendAsync(string title, string kind, DateOnly fromDay, DateOnly toDay, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue)));
        var from = Start(fromDay);
        var to = Start(toDay);
        var analysed = await reports.AnalyseAsync(from, to, cancellationToken).ConfigureAwait(false);
        if (analysed.Count == 0)
        {
            return (0, false);
        }
        var period = fromDay.AddDays(1) == toDay ? fromDay.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)
            : $"{fromDay.ToString("dd.MM", CultureInfo.InvariantCulture)}–{toDay.AddDays(-1).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}";
        var planner = new SpinImprovementPlanner(ChatLexicon.Default);
        var team = await managers.ListAsync(cancellationToken).ConfigureAwait(false);
        var perManager = new List<(string Name, ChatGroupStats Stats)>();
        var count = 0;
        foreach (var group in analysed.Where(c => c.Stats.ManagerId is not null).GroupBy(c => c.Stats.ManagerId!, StringComparer.Ordinal))
        {
            var stats = ChatMetrics.Summarize(group.Select(c => c.Stats), _ => group.Key)[0];
            var manager = team.FirstOrDefault(m => m.Id == group.Key);
            perManager.Add((manager?.Name ?? group.Key, stats));
            if (manager is null)
            {
                continue;
            }
            var spin = group.Aggregate(SpinCounts.None, (sum, c) => sum.Add(c.Spin));
            var advice = group.SelectMany(c => c.Advice.Select(a => a.Rule).Distinct()).GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
            var plan = planner.Plan(manager.Id, spin, group.SelectMany(c => c.Messages.Where(m => m.Direction == Direction.Outbound).Select(m => m.Text)));
            var html = ChatReportFormatter.ManagerReport($"{title} · {period}", manager.Name, stats, spin, advice, plan);
            var id = $"chats-{kind}-{fromDay:yyyyMMdd}-{manager.Id}";
            count += await outbox.EnqueueAsync(OutboxMessages.FromHtml(manager, OutboxKind.ChatReport, html, id, time.GetUtcNow(), null, null), cancellationToken).ConfigureAwait(false) > 0 ? 1 : 0;
        }
        var teamSent = false;
        if (options.TeamChatId is { } chat)
        {
            var teamStats = ChatMetrics.Summarize(analysed.Select(c => c.Stats), _ => "team")[0];
            var lead = new Manager { Id = "team", Name = "Команда", TelegramChatId = chat, TimeZone = options.TimeZone, Team = "team" };
            var html = ChatReportFormatter.TeamReport($"{title} · команда · {period}", perManager, teamStats);
            teamSent = await outbox.EnqueueAsync(OutboxMessages.FromHtml(lead, OutboxKind.ChatReport, html, $"chats-{kind}-{fromDay:yyyyMMdd}-team", time.GetUtcNow(), null, null), cancellationToken).ConfigureAwait(false) > 0;
        }
        return (count, teamSent);
    }
}
