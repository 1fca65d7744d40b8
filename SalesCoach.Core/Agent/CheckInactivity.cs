// Owns the hourly inactivity check: idle qualified leads get a warning, any idle open lead or deal a critical alert, once per threshold crossing, with a re-engagement script and the best channel and hour.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Agent;

public sealed record InactivityResult(int Managers, int DealsChecked, int LeadsChecked, int Warnings, int CriticalAlerts);

/// <summary>
/// Seed 001's inactivity monitoring. A qualified lead idle <see cref="AgentOptions.WarningIdleDays"/> (7) gets a
/// warning; any open lead or deal idle <see cref="AgentOptions.CriticalIdleDays"/> (14) a critical alert. Each alert
/// is a re-engage recommendation and a Telegram message to the owner with a script, the best channel (the one the
/// client answered on most) and the best hour (the local hour the client answered at most often, else the start of
/// the team's working window), at the next such hour. One alert per target per threshold crossing: the alert's id
/// holds the target, the threshold and the last activity, so new activity followed by new silence alerts again.
/// </summary>
public sealed class CheckInactivity(
    ManagerRepository managers,
    DealRepository deals,
    ActivityRepository activities,
    PipelineRepository pipeline,
    RecommendationRepository recommendations,
    OutboxRepository outbox,
    ActionLog actions,
    ChatAnalyticsOptions chatOptions,
    AgentOptions options,
    LanguageOptions languages,
    TimeProvider time,
    IEnumerable<IRecommendationButtons>? recommendationButtons = null)
{
    public async Task<InactivityResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        int dealCount = 0, leadCount = 0, warnings = 0, critical = 0;
        var all = await managers.ListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var manager in all.Where(m => TimeZones.IsKnown(m.TimeZone)))
        {
            foreach (var deal in await deals.ListOpenByManagerAsync(manager.Id, cancellationToken).ConfigureAwait(false))
            {
                dealCount++;
                var history = await activities.ListByDealAsync(deal.Id, cancellationToken).ConfigureAwait(false);
                var last = history.Select(a => a.CompletedAt is { } done && done > a.OccurredAt ? done : a.OccurredAt).Where(t => t <= now).DefaultIfEmpty(deal.CreatedAt).Max();
                last = last > deal.CreatedAt ? last : deal.CreatedAt;
                var idle = (int)Math.Floor((now - last).TotalDays);
                if (idle >= options.CriticalIdleDays)
                {
                    var inbound = history.Where(a => a.Direction == Direction.Inbound).Select(a => a.OccurredAt).ToList();
                    var name = deal.ClientName is { Length: > 0 } client ? $"{deal.Name} ({client})" : deal.Name;
                    var facts = $"{PlanTexts.Money(languages.For(manager), deal.Budget, deal.Currency)} · «{deal.Stage}»";
                    if (await AlertAsync(manager, TargetKind.Deal, deal.Id, name, critical: true, idle, last, PlanCandidates.BestChannel(history), inbound, facts, deal.Id, deal.ClientName is { Length: > 0 } person ? person : null, now, cancellationToken).ConfigureAwait(false))
                    {
                        critical++;
                    }
                }
            }
            string? continuation = null;
            do
            {
                var page = await pipeline.ListLeadsAsync(new LeadFilter(null, null, manager.Id), 100, continuation, cancellationToken).ConfigureAwait(false);
                foreach (var lead in page.Items.Where(l => l.Stage is LeadStage.New or LeadStage.Contacted or LeadStage.Qualified))
                {
                    leadCount++;
                    var idle = (int)Math.Floor((now - lead.UpdatedAt).TotalDays);
                    var isCritical = idle >= options.CriticalIdleDays;
                    if (!isCritical && !(lead.Stage == LeadStage.Qualified && idle >= options.WarningIdleDays))
                    {
                        continue;
                    }
                    var name = lead.Contact?.Name is { Length: > 0 } contact ? contact : string.Create(CultureInfo.InvariantCulture, $"#{lead.Id}");
                    var channel = lead.Contact?.Phone is { Length: > 0 } ? "phone" : lead.Contact?.Email is { Length: > 0 } ? "email" : "phone";
                    var facts = PlanTexts.LeadStage(languages.For(manager), lead.Stage) + (lead.Bant is { } bant ? string.Create(CultureInfo.InvariantCulture, $" · BANT {bant.Total}/100") : "");
                    if (await AlertAsync(manager, TargetKind.Lead, lead.Id.ToString(CultureInfo.InvariantCulture), name, isCritical, idle, lead.UpdatedAt, channel, [], facts, null, lead.Contact?.Name is { Length: > 0 } person ? person : null, now, cancellationToken).ConfigureAwait(false))
                    {
                        if (isCritical)
                        {
                            critical++;
                        }
                        else
                        {
                            warnings++;
                        }
                    }
                }
                continuation = page.Next;
            }
            while (continuation is not null);
        }
        return new InactivityResult(all.Count, dealCount, leadCount, warnings, critical);
    }

    /// <summary>Queues the alert and records its recommendation; false when this crossing was alerted already.</summary>
    private async Task<bool> AlertAsync(Manager manager, TargetKind kind, string targetId, string name, bool critical, int idle, DateTimeOffset lastActivity, string channel,
        IReadOnlyList<DateTimeOffset> answeredAt, string facts, string? dealId, string? addressee, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = AlertId(kind, targetId, critical, lastActivity);
        if (await recommendations.GetAsync(id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }
        var language = languages.For(manager);
        var bestTime = BestTime(manager, answeredAt, now);
        var title = PlanTexts.InactivityTitle(language, critical, name, idle);
        var script = PlanTexts.Script(language, "re_engage", addressee);
        var reasoning = $"{PlanTexts.Idle(language, idle)} · {facts}";
        var html = $"{(critical ? "🚨" : "⚠️")} <b>{TelegramHtml.Escape(title)}</b>\n{TelegramHtml.Escape(reasoning)}\n" +
            $"🕑 {TelegramHtml.Escape(PlanTexts.BestTime(language, channel, TimeZones.ToLocal(bestTime, manager.TimeZone)))}\n💬 <i>{TelegramHtml.Escape(script)}</i>";
        // The message first, then the record: both are keyed by the alert id, so a run that stops between them is completed by the next.
        var recommendation = new Recommendation
        {
            Id = id,
            ManagerId = manager.Id,
            Type = "re_engage",
            TargetKind = kind,
            TargetId = targetId,
            TargetName = name,
            Title = title,
            Reasoning = reasoning,
            Urgency = critical ? RecommendationUrgency.Critical : RecommendationUrgency.High,
            SuggestedScript = script,
            Channel = channel,
            BestTime = bestTime,
            Source = RulePlanner.SourceName,
            CreatedAt = now,
            ExpiresAt = now + options.RecommendationLifetime,
        };
        await outbox.EnqueueAsync(await recommendationButtons.WithButtonsAsync(OutboxMessages.FromHtml(manager, OutboxKind.InactivityAlert, html, id, now, null, dealId),
            manager, [recommendation], cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        await recommendations.AddAsync(recommendation, cancellationToken).ConfigureAwait(false);
        await actions.RecordAsync(new AgentAction(id, "inactivity_alert", kind, targetId, manager.Id, true,
            string.Create(CultureInfo.InvariantCulture, $"{(critical ? "critical" : "warning")}: {idle} days idle"), now), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>"idle-{d|l}-{w|c}-" and a hash of the target and its last activity: one id per threshold crossing.</summary>
    public static string AlertId(TargetKind kind, string targetId, bool critical, DateTimeOffset lastActivity)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{kind}\n{targetId}\n{lastActivity.UtcTicks}"))))[..20];
        return $"idle-{(kind == TargetKind.Deal ? 'd' : 'l')}-{(critical ? 'c' : 'w')}-{hash}";
    }

    /// <summary>
    /// The next local hour at which the client answered most often before (inside the team's working window), else
    /// the window's first hour; in the manager's time zone, at least an hour from now.
    /// </summary>
    public DateTimeOffset BestTime(Manager manager, IReadOnlyList<DateTimeOffset> answeredAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(answeredAt);
        var (start, end) = Window(manager.Team);
        var hour = answeredAt.Select(a => TimeZones.ToLocal(a, manager.TimeZone).Hour)
            .Where(h => h >= start.Hour && h < Math.Max(end.Hour, start.Hour + 1))
            .GroupBy(h => h).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => (int?)g.Key).FirstOrDefault() ?? start.Hour;
        var zone = TimeZones.Find(manager.TimeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        for (var day = 0; day < 3; day++)
        {
            var date = local.Date.AddDays(day).AddHours(hour);
            var candidate = new DateTimeOffset(date, zone.GetUtcOffset(date));
            if (candidate >= now.AddHours(1))
            {
                return candidate.ToUniversalTime();
            }
        }
        return now.AddDays(1);
    }

    private (TimeOnly Start, TimeOnly End) Window(string team) =>
        chatOptions.TeamHours.TryGetValue(team, out var hours) && hours.Split('-') is [var from, var to]
            && TimeOnly.TryParse(from, CultureInfo.InvariantCulture, out var start) && TimeOnly.TryParse(to, CultureInfo.InvariantCulture, out var end)
            ? (start, end)
            : (chatOptions.WorkStart, chatOptions.WorkEnd);
}
