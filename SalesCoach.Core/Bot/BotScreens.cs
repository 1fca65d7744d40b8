// Owns drawing the bot's screens (menu, lists, cards, plan, stats, waiting chats) from the capabilities' stores and use cases.
using System.Globalization;
using SalesCoach.Core.Agent;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;
using SalesCoach.Core.Sales;
using Telegram.Bot.Types.ReplyMarkups;

namespace SalesCoach.Core.Bot;

/// <summary>
/// Screens are named ("menu", "leads:2", "lead:17", "deal:1001", "plan", "stats", "chats:1") so a button can
/// ask for one and an action can redraw the one it was pressed on. Every screen shows only what the viewer
/// may see; a card of someone else's lead, sale or deal is refused with <see cref="BotAccessDeniedException"/>.
/// </summary>
public sealed class BotScreens(
    PipelineRepository pipeline,
    DealRepository deals,
    AnalysisRepository analyses,
    AnalyzeDeal analyzeDeal,
    RecommendationRepository recommendations,
    DailyPlanRepository plans,
    BuildChatReport chatReport,
    PipelineDashboard dashboard,
    BotOptions options,
    TimeProvider time)
{
    /// <summary>Days of chats /stats and /chats look at.</summary>
    public const int ChatDays = 7;

    public async Task DrawAsync(BotViewer viewer, string screen, BotScreen into, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(screen);
        var parts = screen.Split(':', 2);
        var argument = parts.Length > 1 ? parts[1] : null;
        switch (parts[0])
        {
            case "menu":
                Menu(viewer, into);
                break;
            case "leads":
                await LeadsAsync(viewer, Page(argument), into, cancellationToken).ConfigureAwait(false);
                break;
            case "sales":
                await SalesAsync(viewer, Page(argument), into, cancellationToken).ConfigureAwait(false);
                break;
            case "deals":
                await DealsAsync(viewer, Page(argument), into, cancellationToken).ConfigureAwait(false);
                break;
            case "lead" when long.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var leadId):
                await LeadAsync(viewer, leadId, into, cancellationToken).ConfigureAwait(false);
                break;
            case "sale" when long.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var saleId):
                await SaleAsync(viewer, saleId, into, cancellationToken).ConfigureAwait(false);
                break;
            case "deal" when Keys.IsValidId(argument):
                await DealAsync(viewer, argument!, into, cancellationToken).ConfigureAwait(false);
                break;
            case "plan":
                await PlanAsync(viewer, into, cancellationToken).ConfigureAwait(false);
                break;
            case "stats":
                await StatsAsync(viewer, into, cancellationToken).ConfigureAwait(false);
                break;
            case "chats":
                await ChatsAsync(viewer, Page(argument), into, cancellationToken).ConfigureAwait(false);
                break;
            default:
                into.Html.Append(viewer.Texts.NotFound);
                break;
        }
    }

    private static int Page(string? argument) => int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page >= 1 ? page : 1;

    public static void Menu(BotViewer viewer, BotScreen into)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(into);
        var t = viewer.Texts;
        into.Html.Append(TelegramHtml.Escape(t.MenuTitle(viewer.Manager.Name)));
        into.Row(into.Show("📋 " + t.Leads, "leads:1"), into.Show("💰 " + t.Sales, "sales:1"), into.Show("🤝 " + t.Deals, "deals:1"));
        into.Row(into.Show("🗓 " + t.Plan, "plan"), into.Show("📈 " + t.Stats, "stats"), into.Show("💬 " + t.Chats, "chats:1"));
    }

    private async Task<List<Lead>> VisibleLeadsAsync(BotViewer viewer, CancellationToken cancellationToken)
    {
        var leads = new List<Lead>();
        foreach (var manager in viewer.Visible)
        {
            string? continuation = null;
            do
            {
                var page = await pipeline.ListLeadsAsync(new LeadFilter(null, null, manager.Id), 200, continuation, cancellationToken).ConfigureAwait(false);
                leads.AddRange(page.Items.Where(l => !Lead.Machine.IsFinal(l.Stage)));
                continuation = page.Next;
            }
            while (continuation is not null);
        }
        return leads.OrderBy(l => l.Id).ToList();
    }

    private async Task LeadsAsync(BotViewer viewer, int page, BotScreen into, CancellationToken cancellationToken)
    {
        var t = viewer.Texts;
        var leads = await VisibleLeadsAsync(viewer, cancellationToken).ConfigureAwait(false);
        Paged(into, t, "📋 " + t.Leads, "leads", page, leads,
            l => $"#{l.Id} {l.Contact?.Name ?? l.BusinessDomain ?? ""} · {t.LeadStageName(l.Stage)}", l => "lead:" + l.Id.ToString(CultureInfo.InvariantCulture));
    }

    private async Task SalesAsync(BotViewer viewer, int page, BotScreen into, CancellationToken cancellationToken)
    {
        var t = viewer.Texts;
        var sales = new List<Sale>();
        string? continuation = null;
        do
        {
            var chunk = await pipeline.ListSalesAsync(null, 200, continuation, cancellationToken).ConfigureAwait(false);
            sales.AddRange(chunk.Items.Where(s => viewer.CanSee(s.OwnerManagerId) && !Sale.Machine.IsFinal(s.Stage)));
            continuation = chunk.Next;
        }
        while (continuation is not null);
        Paged(into, t, "💰 " + t.Sales, "sales", page, sales.OrderBy(s => s.Id).ToList(),
            s => $"#{s.Id} {PlanTexts.Money(t.Language, s.Amount, "")}· {t.SaleStageName(s.Stage)}", s => "sale:" + s.Id.ToString(CultureInfo.InvariantCulture));
    }

    private async Task DealsAsync(BotViewer viewer, int page, BotScreen into, CancellationToken cancellationToken)
    {
        var t = viewer.Texts;
        var open = new List<Deal>();
        foreach (var manager in viewer.Visible)
        {
            open.AddRange(await deals.ListOpenByManagerAsync(manager.Id, cancellationToken).ConfigureAwait(false));
        }
        Paged(into, t, "🤝 " + t.Deals, "deals", page, open.OrderByDescending(d => d.Budget).ThenBy(d => d.Id, StringComparer.Ordinal).ToList(),
            d => $"{d.Name} · {PlanTexts.Money(t.Language, d.Budget, d.Currency)}", d => "deal:" + d.Id);
    }

    private void Paged<T>(BotScreen into, BotTexts t, string title, string screen, int page, IReadOnlyList<T> items, Func<T, string> label, Func<T, string> open)
    {
        var pages = Math.Max(1, (items.Count + options.PageSize - 1) / options.PageSize);
        page = Math.Min(page, pages);
        into.Html.Append(t.ListTitle(TelegramHtml.Escape(title), page, pages));
        if (items.Count == 0)
        {
            into.Html.Append('\n').Append(t.Empty);
        }
        foreach (var item in items.Skip((page - 1) * options.PageSize).Take(options.PageSize))
        {
            into.Row(into.Show(Shorten(label(item)), open(item)));
        }
        Navigation(into, t, screen, page, pages);
    }

    private static void Navigation(BotScreen into, BotTexts t, string screen, int page, int pages)
    {
        var navigation = new List<InlineKeyboardButton>();
        if (page > 1)
        {
            navigation.Add(into.Show(t.Previous, string.Create(CultureInfo.InvariantCulture, $"{screen}:{page - 1}")));
        }
        if (page < pages)
        {
            navigation.Add(into.Show(t.Next, string.Create(CultureInfo.InvariantCulture, $"{screen}:{page + 1}")));
        }
        into.Row([.. navigation]);
    }

    private static string Shorten(string label) => label.Length <= 60 ? label : label[..59] + "…";

    public async Task<Lead> VisibleLeadAsync(BotViewer viewer, long leadId, CancellationToken cancellationToken)
    {
        var lead = await pipeline.GetLeadAsync(leadId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Lead", leadId.ToString(CultureInfo.InvariantCulture));
        return viewer.CanSee(lead.OwnerManagerId) ? lead : throw new BotAccessDeniedException();
    }

    private async Task LeadAsync(BotViewer viewer, long leadId, BotScreen into, CancellationToken cancellationToken)
    {
        var t = viewer.Texts;
        var lead = await VisibleLeadAsync(viewer, leadId, cancellationToken).ConfigureAwait(false);
        var id = lead.Id.ToString(CultureInfo.InvariantCulture);
        var html = into.Html;
        html.Append("🎯 <b>").Append(t.LeadCard).Append(" #").Append(id).Append("</b>");
        if (lead.Contact?.Name is { } name)
        {
            html.Append(" — ").Append(TelegramHtml.Escape(name));
        }
        html.Append('\n').Append(t.StageLabel).Append(": <b>").Append(t.LeadStageName(lead.Stage)).Append("</b> · ")
            .Append(t.SourceLabel).Append(": ").Append(Json.Name(lead.Source.ToString())).Append('\n');
        if (lead.BusinessDomain is { } domain)
        {
            html.Append(t.DomainLabel).Append(": ").Append(TelegramHtml.Escape(domain)).Append('\n');
        }
        if (lead.Bant is { } bant)
        {
            html.Append(CultureInfo.InvariantCulture, $"BANT: {bant.Total}/100\n");
        }
        if (lead.Score is { } score)
        {
            html.Append(t.ScoreLabel).Append(CultureInfo.InvariantCulture, $": {score.Score:0.00} — {Json.Name(score.Recommendation.ToString())}\n")
                .Append("<i>").Append(TelegramHtml.Escape(score.Reason)).Append("</i>\n");
        }
        html.Append(t.OwnerLabel).Append(": ").Append(TelegramHtml.Escape(viewer.Owner(lead.OwnerManagerId)?.Name ?? lead.OwnerManagerId)).Append(" · ")
            .Append(t.MessagesLabel).Append(CultureInfo.InvariantCulture, $": {lead.MessageCount}");

        var state = StageMachine<LeadStage>.Name(lead.Stage);
        var moves = Lead.Machine.Stages.Where(s => s != LeadStage.Transferred && Lead.Machine.CanMove(lead.Stage, s))
            .Select(s => into.Button(t.MoveTo(t.LeadStageName(s)), BotActions.LeadStage, id, state, StageMachine<LeadStage>.Name(s), singleUse: true)).ToArray();
        into.Row(moves);
        if (Lead.Machine.CanMove(lead.Stage, LeadStage.Transferred))
        {
            html.Append('\n').Append(TelegramHtml.Escape(t.TransferHint));
        }
        into.Row(into.Button(t.Analyze, BotActions.AnalyzeLead, id, null, null, singleUse: false));
        await RecommendationsAsync(viewer, TargetKind.Lead, id, "lead:" + id, into, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Sale> VisibleSaleAsync(BotViewer viewer, long saleId, CancellationToken cancellationToken)
    {
        var sale = await pipeline.GetSaleAsync(saleId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Sale", saleId.ToString(CultureInfo.InvariantCulture));
        return viewer.CanSee(sale.OwnerManagerId) ? sale : throw new BotAccessDeniedException();
    }

    private async Task SaleAsync(BotViewer viewer, long saleId, BotScreen into, CancellationToken cancellationToken)
    {
        var t = viewer.Texts;
        var sale = await VisibleSaleAsync(viewer, saleId, cancellationToken).ConfigureAwait(false);
        var id = sale.Id.ToString(CultureInfo.InvariantCulture);
        into.Html.Append("💰 <b>").Append(t.SaleCard).Append(" #").Append(id).Append("</b>\n")
            .Append(t.StageLabel).Append(": <b>").Append(t.SaleStageName(sale.Stage)).Append("</b>\n")
            .Append(t.AmountLabel).Append(": ").Append(TelegramHtml.Escape(PlanTexts.Money(t.Language, sale.Amount, ""))).Append('\n')
            .Append(t.OwnerLabel).Append(": ").Append(TelegramHtml.Escape(viewer.Owner(sale.OwnerManagerId)?.Name ?? sale.OwnerManagerId));
        var state = StageMachine<SaleStage>.Name(sale.Stage);
        into.Row(Sale.Machine.Stages.Where(s => Sale.Machine.CanMove(sale.Stage, s))
            .Select(s => into.Button(t.MoveTo(t.SaleStageName(s)), BotActions.SaleStage, id, state, StageMachine<SaleStage>.Name(s), singleUse: true)).ToArray());
    }

    public async Task<Deal> VisibleDealAsync(BotViewer viewer, string dealId, CancellationToken cancellationToken)
    {
        var deal = await deals.GetAsync(dealId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("Deal", dealId);
        return viewer.CanSee(deal.ManagerId) ? deal : throw new BotAccessDeniedException();
    }

    /// <summary>The deal's coaching card: its latest analysis (analysed now, without sending a card, when it never was).</summary>
    private async Task DealAsync(BotViewer viewer, string dealId, BotScreen into, CancellationToken cancellationToken)
    {
        var deal = await VisibleDealAsync(viewer, dealId, cancellationToken).ConfigureAwait(false);
        var owner = viewer.Owner(deal.ManagerId)!;
        var analysis = await analyses.GetLatestAsync(deal.Id, cancellationToken).ConfigureAwait(false)
            ?? (await analyzeDeal.RunAsync(deal.Id, notify: false, cancellationToken).ConfigureAwait(false)).Analysis.Record;
        into.Html.Append(CoachingCardFormatter.DealCard(owner, deal, analysis).TrimEnd());
        into.Row(into.Button(viewer.Texts.AnalyzeAgain, BotActions.AnalyzeDeal, deal.Id, null, null, singleUse: false));
        await RecommendationsAsync(viewer, TargetKind.Deal, deal.Id, "deal:" + deal.Id, into, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The open recommendations on a lead or deal, each with Done / Snooze / Not relevant.</summary>
    private async Task RecommendationsAsync(BotViewer viewer, TargetKind kind, string targetId, string screen, BotScreen into, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var t = viewer.Texts;
        var shown = new List<Recommendation>();
        if (into.ActedRecommendationId is { } acted && await recommendations.GetAsync(acted, cancellationToken).ConfigureAwait(false) is { } actedOn
            && actedOn.TargetKind == kind && actedOn.TargetId == targetId && viewer.CanSee(actedOn.ManagerId))
        {
            shown.Add(actedOn);
        }
        foreach (var owner in viewer.Visible)
        {
            shown.AddRange((await recommendations.ListActiveAsync(owner.Id, cancellationToken).ConfigureAwait(false))
                .Where(r => r.TargetKind == kind && r.TargetId == targetId && !Recommendation.IsFinished(r.StatusAt(now)) && r.Id != into.ActedRecommendationId).Take(3));
        }
        foreach (var recommendation in shown)
        {
            var status = recommendation.StatusAt(now);
            into.Html.Append("\n\n💡 <b>").Append(t.RecommendationLabel).Append("</b>: ").Append(TelegramHtml.Escape(recommendation.Title))
                .Append(" (").Append(t.RecommendationStatus(status)).Append(')');
            if (!Recommendation.IsFinished(status))
            {
                RecommendationButtons(t, recommendation, now, screen, into, prefix: "");
            }
        }
    }

    public static void RecommendationButtons(BotTexts t, Recommendation recommendation, DateTimeOffset now, string screen, BotScreen into, string prefix)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(recommendation);
        ArgumentNullException.ThrowIfNull(into);
        var state = Json.Name(recommendation.StatusAt(now).ToString());
        into.Row(
            into.Button(prefix + t.Done, BotActions.RecommendationDone, recommendation.Id, state, screen, singleUse: true),
            into.Button(prefix + t.Snooze, BotActions.RecommendationSnooze, recommendation.Id, state, screen, singleUse: true),
            into.Button(prefix + t.NotRelevant, BotActions.RecommendationDismiss, recommendation.Id, state, screen, singleUse: true));
    }

    /// <summary>Today's plan (the manager's own local day) with each priority's status and, while it is open, its buttons.</summary>
    private async Task PlanAsync(BotViewer viewer, BotScreen into, CancellationToken cancellationToken)
    {
        var t = viewer.Texts;
        var now = time.GetUtcNow();
        var plan = await plans.GetAsync(viewer.Manager.Id, CreateDailyPlan.LocalDate(viewer.Manager, now), cancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            into.Html.Append(t.NoPlan);
            return;
        }
        into.Html.Append(CreateDailyPlan.Html(plan, viewer.Language)).Append('\n');
        var n = 1;
        foreach (var priority in plan.Top3Priorities)
        {
            var recommendation = await recommendations.GetAsync(priority.RecommendationId, cancellationToken).ConfigureAwait(false);
            var number = n++.ToString(CultureInfo.InvariantCulture);
            if (recommendation is null)
            {
                continue;
            }
            var status = recommendation.StatusAt(now);
            into.Html.Append('\n').Append(number).Append(". ").Append(t.RecommendationStatus(status));
            if (!Recommendation.IsFinished(status))
            {
                RecommendationButtons(t, recommendation, now, "plan", into, prefix: number + " ");
            }
        }
    }

    private async Task<IReadOnlyList<ChatReportTables.AnalysedChat>> VisibleChatsAsync(BotViewer viewer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await chatReport.AnalyseAsync(now.AddDays(-ChatDays), now, chatReport.Hours, chat => viewer.CanSee(chat.ManagerId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The viewer's chat numbers over the last week: the chat report's metrics (median and P90 first response, unanswered) and SPIN mix.</summary>
    private async Task StatsAsync(BotViewer viewer, BotScreen into, CancellationToken cancellationToken)
    {
        var t = viewer.Texts;
        var chats = await VisibleChatsAsync(viewer, cancellationToken).ConfigureAwait(false);
        var summary = ChatMetrics.Summarize(chats.Select(c => c.Stats), _ => "all").FirstOrDefault();
        if (viewer.Role == BotRole.Admin)
        {
            // The pipeline dashboard covers every manager: only an admin, who sees them all, reads it here.
            var totals = await dashboard.TotalsAsync(cancellationToken).ConfigureAwait(false);
            into.Html.Append(TelegramHtml.Escape(t.PipelineLine(totals.LeadsTotal, totals.SalesTotal, PlanTexts.Money(t.Language, totals.PaidAmount, ""), PlanTexts.Money(t.Language, totals.OpenPipelineAmount, ""))))
                .Append("\n\n");
        }
        into.Html.Append(t.StatsTitle(ChatDays)).Append('\n');
        if (summary is null)
        {
            into.Html.Append(t.Empty);
            return;
        }
        var rate = summary.ResponseRate is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r * 100:0}%") : "—";
        into.Html.Append(TelegramHtml.Escape(t.StatsLines(summary.Chats, t.Duration(summary.MedianFirstResponse), t.Duration(summary.P90FirstResponse),
            summary.UnansweredInbound, summary.ChatsWithUnanswered, rate)));
        var spin = chats.Aggregate(SpinCounts.None, (sum, c) => sum.Add(c.Spin));
        if (spin.Total > 0)
        {
            var mix = string.Join(", ", new[] { (SpinType.Situation, "S"), (SpinType.Problem, "P"), (SpinType.Implication, "I"), (SpinType.NeedPayoff, "N") }
                .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Item2} {spin.Share(p.Item1) * 100:0}%")));
            into.Html.Append('\n').Append(TelegramHtml.Escape(t.SpinLine(spin.Total, mix)));
        }
    }

    /// <summary>Chats whose client wrote last and waits for a reply, the longest-waiting first.</summary>
    private async Task ChatsAsync(BotViewer viewer, int page, BotScreen into, CancellationToken cancellationToken)
    {
        var t = viewer.Texts;
        var waiting = (await VisibleChatsAsync(viewer, cancellationToken).ConfigureAwait(false))
            .Where(c => c.Stats.UnansweredInbound > 0)
            .Select(c => (c.Chat, c.Stats.UnansweredInbound, Since: WaitingSince(c.Messages)))
            .OrderBy(c => c.Since).ThenBy(c => c.Chat.Id, StringComparer.Ordinal)
            .ToList();
        into.Html.Append(t.ChatsTitle);
        if (waiting.Count == 0)
        {
            into.Html.Append('\n').Append(t.NoneWaiting);
            return;
        }
        var pages = Math.Max(1, (waiting.Count + options.PageSize - 1) / options.PageSize);
        page = Math.Min(page, pages);
        foreach (var (chat, count, since) in waiting.Skip((page - 1) * options.PageSize).Take(options.PageSize))
        {
            var zone = viewer.Owner(chat.ManagerId)?.TimeZone ?? viewer.Manager.TimeZone;
            into.Html.Append("\n• ").Append(TelegramHtml.Escape(t.WaitingLine(chat.ClientName ?? chat.ClientPhone ?? chat.Id, t.Stamp(since, zone), count)));
            if (viewer.Visible.Count > 1)
            {
                into.Html.Append(" · ").Append(TelegramHtml.Escape(viewer.Owner(chat.ManagerId)?.Name ?? ""));
            }
        }
        Navigation(into, t, "chats", page, pages);
    }

    /// <summary>The first client message after the manager's last one: since when the client has been waiting.</summary>
    public static DateTimeOffset WaitingSince(IEnumerable<ChatMessage> messages)
    {
        var ordered = ChatMetrics.InOrder(messages).Where(m => !m.IsSystem).ToList();
        var lastOutbound = ordered.FindLastIndex(m => m.Direction == Direction.Outbound);
        return ordered.Skip(lastOutbound + 1).FirstOrDefault(m => m.Direction == Direction.Inbound)?.SentAt ?? ordered.LastOrDefault()?.SentAt ?? DateTimeOffset.MaxValue;
    }
}

/// <summary>The viewer asked for someone else's lead, sale, deal or recommendation.</summary>
public sealed class BotAccessDeniedException() : SalesCoachException("That item belongs to a manager this user may not see.");
