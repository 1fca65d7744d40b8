// Owns the weekly squad analysis: per team, each manager's pipeline, velocity, plan completion and the signals their clients raised; who needs coaching on what; what works; sent to the team lead.
using System.Globalization;
using System.Text;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Agent;

/// <summary>One manager's week.</summary>
public sealed record ManagerWeek(
    string ManagerId, string Name, int OpenDeals, double AvgWinProbability, int IdleDeals, double AvgDaysInStage, int LeadsWon, int LeadsLost, double? LeadWinRate,
    int PlanActions, int PlanDone, double? PlanCompletion, int PriceObjections, int CompetitorMentions, int BuyingSignals, IReadOnlyList<string> CoachingNeeds);

public sealed record SquadReport(string Team, IReadOnlyList<ManagerWeek> Managers, IReadOnlyList<string> SuccessPatterns, bool SentToTeamLead);

public sealed record SquadAnalysisResult(int Teams, IReadOnlyList<SquadReport> Reports);

/// <summary>
/// Monday 09:00: per team, over the last 7 days and the open pipeline: open deals, average win probability,
/// idle deals (≥ warning days), velocity (average days in the current stage), lead win rate (transferred vs lost),
/// plan completion, and the objections, competitor mentions and buying signals their clients raised. Coaching needs
/// by rule: ≥ 3 price objections → objection handling; ≥ 3 competitor mentions → competitive positioning; ≥ 30 % idle
/// deals → follow-up cadence; plan completion under 50 % (of ≥ 3 actions) → plan discipline; ≥ 10 days average in
/// stage → moving deals on. Success patterns name the best plan completion, lead win rate and pipeline probability.
/// The report goes to the team's Telegram chat (Chats__TeamChats__&lt;team&gt;, else Chats__TeamChatId), once per team and week.
/// </summary>
public sealed class SquadAnalysis(
    ManagerRepository managers,
    DealRepository deals,
    ActivityRepository activities,
    PipelineRepository pipeline,
    IWinProbability winProbability,
    RecommendationRepository recommendations,
    InterventionRepository interventions,
    OutboxRepository outbox,
    ActionLog actions,
    ChatAnalyticsOptions chatOptions,
    AgentOptions options,
    LanguageOptions languages,
    TimeProvider time,
    OutboxPhotos? photos = null)
{
    /// <summary>Stages shown one by one on the pipeline chart; the rest are summed as one.</summary>
    public const int ChartStages = 8;

    public async Task<SquadAnalysisResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var weekAgo = now.AddDays(-7);
        var recent = await recommendations.ListCreatedSinceAsync(weekAgo, cancellationToken).ConfigureAwait(false);
        var signals = (await interventions.ListAsync(null, cancellationToken).ConfigureAwait(false)).Where(i => i.ReceivedAt >= weekAgo).ToList();
        var allLeads = (await pipeline.ScanAsync(cancellationToken).ConfigureAwait(false)).Leads;
        var reports = new List<SquadReport>();
        foreach (var team in (await managers.ListAsync(cancellationToken).ConfigureAwait(false)).GroupBy(m => m.Team, StringComparer.Ordinal).OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var weeks = new List<ManagerWeek>();
            var stages = new List<IReadOnlyDictionary<string, int>>();
            foreach (var manager in team.OrderBy(m => m.Id, StringComparer.Ordinal))
            {
                var (week, byStage) = await WeekAsync(manager, now, recent, signals, allLeads, languages.ForTeam(team.Key), cancellationToken).ConfigureAwait(false);
                weeks.Add(week);
                stages.Add(byStage);
            }
            var patterns = Patterns(weeks, languages.ForTeam(team.Key));
            var sent = await SendAsync(team.Key, weeks, stages, patterns, now, cancellationToken).ConfigureAwait(false);
            reports.Add(new SquadReport(team.Key, weeks, patterns, sent));
        }
        return new SquadAnalysisResult(reports.Count, reports);
    }

    private async Task<(ManagerWeek Week, IReadOnlyDictionary<string, int> Stages)> WeekAsync(Manager manager, DateTimeOffset now, IReadOnlyList<Recommendation> recent, IReadOnlyList<Intervention> signals, IReadOnlyList<Lead> allLeads, string language, CancellationToken cancellationToken)
    {
        var open = await deals.ListOpenByManagerAsync(manager.Id, cancellationToken).ConfigureAwait(false);
        var stages = open.GroupBy(d => d.Stage, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var probabilities = new List<double>();
        var stageDays = new List<int>();
        var idle = 0;
        foreach (var deal in open)
        {
            var history = await activities.ListByDealAsync(deal.Id, cancellationToken).ConfigureAwait(false);
            var metrics = DealMetrics.Calculate(deal, history, now);
            probabilities.Add(await winProbability.EstimateAsync(manager, deal, history, now, cancellationToken).ConfigureAwait(false));
            stageDays.Add(metrics.DaysInCurrentStage);
            idle += metrics.DaysSinceLastActivity >= options.WarningIdleDays ? 1 : 0;
        }
        var leads = allLeads.Where(l => l.OwnerManagerId == manager.Id).ToList();
        var won = leads.Count(l => l.Stage == LeadStage.Transferred);
        var lost = leads.Count(l => l.Stage == LeadStage.Lost);
        var planned = recent.Where(r => r.ManagerId == manager.Id && r.PlanDate is not null).ToList();
        var done = planned.Count(r => r.Status == RecommendationStatus.Done);
        var mine = signals.Where(i => i.ManagerId == manager.Id).ToList();
        var objections = mine.Count(i => i.Signals.Contains(Signal.PriceObjection));
        var competitors = mine.Count(i => i.Signals.Contains(Signal.Competitor));
        var buying = mine.Count(i => i.Signals.Contains(Signal.BuyingSignal));
        double? completion = planned.Count == 0 ? null : Math.Round((double)done / planned.Count, 2);
        var avgStage = stageDays.Count == 0 ? 0 : Math.Round(stageDays.Average(), 1);
        var needs = new List<string>();
        if (objections >= 3)
        {
            needs.Add(Need(language, "обработка возражений по цене", "обробка заперечень щодо ціни", "price objection handling"));
        }
        if (competitors >= 3)
        {
            needs.Add(Need(language, "позиционирование против конкурентов", "позиціонування проти конкурентів", "competitive positioning"));
        }
        if (open.Count > 0 && (double)idle / open.Count >= 0.3)
        {
            needs.Add(Need(language, "регулярность касаний", "регулярність контактів", "follow-up cadence"));
        }
        if (planned.Count >= 3 && completion < 0.5)
        {
            needs.Add(Need(language, "выполнение дневного плана", "виконання денного плану", "daily plan discipline"));
        }
        if (avgStage >= 10)
        {
            needs.Add(Need(language, "продвижение сделок по этапам", "просування угод етапами", "moving deals through stages"));
        }
        return (new ManagerWeek(manager.Id, manager.Name, open.Count, probabilities.Count == 0 ? 0 : Math.Round(probabilities.Average(), 2), idle, avgStage,
            won, lost, won + lost == 0 ? null : Math.Round((double)won / (won + lost), 2), planned.Count, done, completion, objections, competitors, buying, needs), stages);
    }

    private static string Need(string language, string ru, string uk, string en) => language switch { "ru" => ru, "uk" => uk, _ => en };

    private static List<string> Patterns(IReadOnlyList<ManagerWeek> weeks, string language)
    {
        var patterns = new List<string>();
        if (weeks.Where(w => w.PlanCompletion is not null).OrderByDescending(w => w.PlanCompletion).FirstOrDefault() is { PlanCompletion: >= 0.5 } planner)
        {
            patterns.Add(string.Create(CultureInfo.InvariantCulture, $"{planner.Name}: {Need(language, "план выполнен на", "план виконано на", "plan completion")} {planner.PlanCompletion:P0}").Replace(" %", "%", StringComparison.Ordinal));
        }
        if (weeks.Where(w => w.LeadWinRate is not null).OrderByDescending(w => w.LeadWinRate).FirstOrDefault() is { LeadWinRate: >= 0.5 } closer)
        {
            patterns.Add(string.Create(CultureInfo.InvariantCulture, $"{closer.Name}: {Need(language, "конверсия лидов", "конверсія лідів", "lead win rate")} {closer.LeadWinRate:P0}").Replace(" %", "%", StringComparison.Ordinal));
        }
        if (weeks.Where(w => w.OpenDeals > 0).OrderByDescending(w => w.AvgWinProbability).FirstOrDefault() is { AvgWinProbability: >= 0.5 } strong)
        {
            patterns.Add(string.Create(CultureInfo.InvariantCulture, $"{strong.Name}: {Need(language, "средняя вероятность сделок", "середня ймовірність угод", "average deal win probability")} {strong.AvgWinProbability:P0}").Replace(" %", "%", StringComparison.Ordinal));
        }
        return patterns;
    }

    private async Task<bool> SendAsync(string team, IReadOnlyList<ManagerWeek> weeks, IReadOnlyList<IReadOnlyDictionary<string, int>> stages, IReadOnlyList<string> patterns, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if ((chatOptions.TeamChats.TryGetValue(team, out var chat) ? chat : chatOptions.TeamChatId) is not { } teamChat || !Keys.IsValidId(team))
        {
            return false;
        }
        var lead = new Manager { Id = "team-" + team, Name = team, TelegramChatId = teamChat, TimeZone = "UTC", Team = team };
        var week = ISOWeek.GetYear(now.UtcDateTime).ToString(CultureInfo.InvariantCulture) + "w" + ISOWeek.GetWeekOfYear(now.UtcDateTime).ToString("D2", CultureInfo.InvariantCulture);
        var language = languages.ForTeam(team);
        var html = new StringBuilder().Append(CultureInfo.InvariantCulture, $"👥 <b>{TelegramHtml.Escape(Need(language, "Команда", "Команда", "Squad"))} {TelegramHtml.Escape(team)} · {week}</b>\n");
        var (open, idle, perStage, plan) = (Need(language, "открыто", "відкрито", "open"), Need(language, "простаивают", "простоюють", "idle"),
            Need(language, "дн/этап", "дн/етап", "d/stage"), Need(language, "план", "план", "plan"));
        foreach (var w in weeks)
        {
            html.Append(CultureInfo.InvariantCulture, $"\n<b>{TelegramHtml.Escape(w.Name)}</b>: {w.OpenDeals} {open} · p̄ {w.AvgWinProbability:0.00} · {idle} {w.IdleDeals} · {w.AvgDaysInStage:0.#} {perStage}")
                .Append(w.PlanCompletion is { } c ? string.Create(CultureInfo.InvariantCulture, $" · {plan} {c:P0}").Replace(" %", "%", StringComparison.Ordinal) : "")
                .Append(CultureInfo.InvariantCulture, $" · 💸{w.PriceObjections} 🥊{w.CompetitorMentions} 🛒{w.BuyingSignals}\n");
            foreach (var need in w.CoachingNeeds)
            {
                html.Append("   🎯 ").Append(TelegramHtml.Escape(need)).Append('\n');
            }
        }
        foreach (var pattern in patterns)
        {
            html.Append("⭐ ").Append(TelegramHtml.Escape(pattern)).Append('\n');
        }
        var id = $"squad-{week}-{lead.Id}";
        var messages = OutboxMessages.FromHtml(lead, OutboxKind.SquadReport, html.ToString().TrimEnd(), id, now, null, null).ToList();
        if (photos is not null && stages.Any(s => s.Count > 0))
        {
            // One picture before the text: the open pipeline by stage, a bar per manager (none when no deal is open).
            var blob = id + "-chart.png";
            var title = $"{Need(language, "Открытые сделки по этапам", "Відкриті угоди за етапами", "Open deals by stage")} · {team} · {week}";
            var caption = $"📈 <b>{TelegramHtml.Escape(title)}</b>";
            await photos.SaveAsync(blob, Charts.Png(PipelineChart(title, weeks, stages, language)), cancellationToken).ConfigureAwait(false);
            messages.Insert(0, OutboxMessages.Photo(lead, OutboxKind.SquadReport, blob, caption,
                caption + "\n" + TelegramHtml.Escape(Need(language, "График не удалось отправить; цифры в следующем сообщении.", "Графік не вдалося надіслати; цифри в наступному повідомленні.", "The chart could not be sent; the numbers follow.")), id, now, null));
        }
        var added = await outbox.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false) > 0;
        await actions.RecordAsync(new AgentAction(id, "squad_analysis", null, null, lead.Id, true, string.Create(CultureInfo.InvariantCulture, $"{weeks.Count} managers"), now), cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <summary>Open deals per stage (the most common stages first, the rest as one), a bar per manager.</summary>
    public static BarChart PipelineChart(string title, IReadOnlyList<ManagerWeek> weeks, IReadOnlyList<IReadOnlyDictionary<string, int>> stages, string language)
    {
        ArgumentNullException.ThrowIfNull(weeks);
        ArgumentNullException.ThrowIfNull(stages);
        var order = stages.SelectMany(s => s).GroupBy(s => s.Key, StringComparer.Ordinal)
            .OrderByDescending(g => g.Sum(s => s.Value)).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToList();
        var shown = order.Take(ChartStages).ToList();
        var other = Need(language, "другие", "інші", "other");
        var categories = order.Count > ChartStages ? [.. shown, other] : shown;
        var series = weeks.Select((w, i) => new ChartSeries(w.Name, categories.Select(c => (double)(c == other && order.Count > ChartStages
            ? stages[i].Where(s => !shown.Contains(s.Key)).Sum(s => s.Value)
            : stages[i].GetValueOrDefault(c))).ToList())).ToList();
        return new BarChart(title, Need(language, "сделок", "угод", "deals"), categories, series, WholeNumbers: true);
    }
}
