// Owns sending the daily chat report and Monday digest per team at its local hour.
using System.Globalization;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Chats;

public sealed record ChatReportsResult(int TeamsDue, int ManagerReports, int TeamReports, bool Weekly)
{
    public bool Due => TeamsDue > 0;
}

/// <summary>
/// Seed 002's daily report and weekly digest (hourly timer), per team in the team's own time zone
/// (the zone most of its managers are in): at the report hour, each manager gets yesterday's chat
/// numbers, what to fix and which questions to ask more of; the team's chat gets the team view. On
/// Mondays the same goes out for the last seven days as the digest. Outbox ids are per team, period
/// and manager, so a repeated run sends nothing twice.
/// </summary>
public sealed class SendChatReports(BuildChatReport reports, ManagerRepository managers, OutboxRepository outbox, ChatAnalyticsOptions options, TimeProvider time, ILogger<SendChatReports> logger, OutboxPhotos? photos = null)
{
    public async Task<ChatReportsResult> RunAsync(bool force, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var everyone = await managers.ListAsync(cancellationToken).ConfigureAwait(false);
        int due = 0, managerReports = 0, teamReports = 0;
        var weekly = false;
        foreach (var team in everyone.GroupBy(m => m.Team, StringComparer.Ordinal).OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var zone = TimeZones.Find(reports.TeamZone(team));
            var local = TimeZoneInfo.ConvertTime(now, zone);
            if (!force && local.Hour != options.ReportHour)
            {
                continue;
            }
            due++;
            var today = DateOnly.FromDateTime(local.DateTime);
            var members = team.ToList();
            var daily = await SendAsync(team.Key, members, "Чаты за день", "daily", today.AddDays(-1), today, zone, cancellationToken).ConfigureAwait(false);
            managerReports += daily.Managers;
            teamReports += daily.Team ? 1 : 0;
            if (today.DayOfWeek == DayOfWeek.Monday)
            {
                weekly = true;
                await SendAsync(team.Key, members, "Чаты за неделю", "weekly", today.AddDays(-7), today, zone, cancellationToken).ConfigureAwait(false);
            }
        }
        if (due > 0)
        {
            logger.LogInformation("Chat reports: {Teams} teams due, {Managers} manager reports, {TeamReports} team views, weekly {Weekly}", due, managerReports, teamReports, weekly);
        }
        return new ChatReportsResult(due, managerReports, teamReports, weekly);
    }

    private async Task<(int Managers, bool Team)> SendAsync(string teamName, IReadOnlyList<Manager> members, string title, string kind, DateOnly fromDay, DateOnly toDay, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        // The team's local days, DST included: yesterday is 23 or 25 hours long on the night the clock moves.
        var days = ChatPeriod.Days(fromDay, toDay, zone);
        var ids = members.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var analysed = await reports.AnalyseAsync(days.From, days.To, reports.HoursFor(teamName, zone.Id), chat => chat.ManagerId is not null && ids.Contains(chat.ManagerId), cancellationToken).ConfigureAwait(false);
        if (analysed.Count == 0)
        {
            return (0, false);
        }
        var period = fromDay.AddDays(1) == toDay ? fromDay.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)
            : $"{fromDay.ToString("dd.MM", CultureInfo.InvariantCulture)}–{toDay.AddDays(-1).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}";
        var planner = new SpinImprovementPlanner(ChatLexicon.Default);
        var perManager = new List<(string Name, ChatGroupStats Stats)>();
        var weeks = new List<ManagerChatWeek>();
        // The weekly digest carries a picture before its text (sendPhoto), the daily report is text only.
        var charts = kind == "weekly" && photos is not null;
        // The week's messages (its picture first) queue after the day's, also when both are made at one instant.
        var now = time.GetUtcNow().AddMilliseconds(kind == "weekly" ? 1 : 0);
        var count = 0;
        foreach (var group in analysed.GroupBy(c => c.Stats.ManagerId!, StringComparer.Ordinal))
        {
            var manager = members.First(m => m.Id == group.Key);
            var stats = ChatMetrics.Summarize(group.Select(c => c.Stats), _ => group.Key)[0];
            perManager.Add((manager.Name, stats));
            var spin = group.Aggregate(SpinCounts.None, (sum, c) => sum.Add(c.Spin));
            var advice = group.SelectMany(c => c.Advice.Select(a => a.Rule).Distinct()).GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
            var plan = planner.Plan(manager.Id, spin, group.SelectMany(c => c.Messages.Where(m => m.Direction == Direction.Outbound).Select(m => m.Text)));
            var html = ChatReportFormatter.ManagerReport($"{title} · {period}", manager.Name, stats, spin, advice, plan);
            var week = new ManagerChatWeek(manager.Name, group.Where(c => c.Stats.FirstResponse is not null).Select(c => c.Stats.FirstResponse!.Value).ToList(), spin);
            weeks.Add(week);
            var idPrefix = $"chats-{kind}-{fromDay:yyyyMMdd}-{manager.Id}";
            var messages = OutboxMessages.FromHtml(manager, OutboxKind.ChatReport, html, idPrefix, now, null, null).ToList();
            if (charts)
            {
                messages.Insert(0, await ChartMessageAsync(manager, idPrefix, $"{title} · {manager.Name} · {period}", period, [week], now, cancellationToken).ConfigureAwait(false));
            }
            count += await outbox.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false) > 0 ? 1 : 0;
        }
        var teamSent = false;
        if ((options.TeamChats.TryGetValue(teamName, out var chat) ? chat : options.TeamChatId) is { } teamChat)
        {
            var teamStats = ChatMetrics.Summarize(analysed.Select(c => c.Stats), _ => teamName)[0];
            var lead = new Manager { Id = "team-" + Keys.RequireId(teamName, "team"), Name = teamName, TelegramChatId = teamChat, TimeZone = zone.Id, Team = teamName };
            var html = ChatReportFormatter.TeamReport($"{title} · {teamName} · {period}", perManager, teamStats);
            var idPrefix = $"chats-{kind}-{fromDay:yyyyMMdd}-{lead.Id}";
            var messages = OutboxMessages.FromHtml(lead, OutboxKind.ChatReport, html, idPrefix, now, null, null).ToList();
            if (charts)
            {
                messages.Insert(0, await ChartMessageAsync(lead, idPrefix, $"{title} · {teamName} · {period}", period, weeks, now, cancellationToken).ConfigureAwait(false));
            }
            teamSent = await outbox.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false) > 0;
        }
        return (count, teamSent);
    }

    /// <summary>The digest's picture stored and its photo message (sent before the text; if the picture fails, a line saying so goes instead).</summary>
    private async Task<OutboxMessage> ChartMessageAsync(Manager recipient, string idPrefix, string caption, string period, IReadOnlyList<ManagerChatWeek> weeks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var blob = idPrefix + "-chart.png";
        await photos!.SaveAsync(blob, ChatDigestCharts.Png(period, weeks), cancellationToken).ConfigureAwait(false);
        return OutboxMessages.Photo(recipient, OutboxKind.ChatReport, blob, "📊 <b>" + TelegramHtml.Escape(caption) + "</b>",
            "📊 <b>" + TelegramHtml.Escape(caption) + "</b>\nГрафик (первый ответ и SPIN против плана) не удалось отправить; цифры в следующем сообщении.", idPrefix, now, null);
    }
}
