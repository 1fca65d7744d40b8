// Owns gathering what a manager could work on today (open deals and leads) with explainable rules: an action, an urgency, a win probability and the facts behind them.
using System.Globalization;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Managers;

namespace SalesCoach.Core.Agent;

/// <summary>One open lead or deal, judged by the rules: what to do, how urgent, how likely it is won, and the data that says so.</summary>
public sealed record PlanCandidate(
    TargetKind TargetKind, string TargetId, string Name, string ActionType, RecommendationUrgency Urgency, double WinProbability, decimal Budget, string Currency,
    int IdleDays, IReadOnlyList<string> Facts, string Channel, string? Addressee = null)
{
    /// <summary>Rank: most urgent first, then the larger expected value (probability × budget), then the likelier.</summary>
    public static IEnumerable<PlanCandidate> Ranked(IEnumerable<PlanCandidate> candidates) =>
        candidates.OrderBy(c => c.Urgency).ThenByDescending(c => (double)c.Budget * c.WinProbability).ThenByDescending(c => c.WinProbability).ThenBy(c => c.TargetId, StringComparer.Ordinal);
}

/// <summary>
/// A manager's open deals (with metrics and the win probability from <see cref="IWinProbability"/>) and open
/// leads (stage, BANT, AI score), each given its next action by explicit rules:
/// deals: idle ≥ critical days → re-engage (critical); win probability ≥ 60 % and active within 3 days → close
/// (critical from 75 %); overdue tasks → clear them (high); idle ≥ warning days → re-engage (high); else next step.
/// Leads: BANT ≥ the meeting score → schedule a meeting (critical); idle ≥ critical days → re-engage (critical);
/// qualified → prepare the transfer (high, re-engage when idle ≥ warning days); new → first contact; contacted → qualify.
/// </summary>
public sealed class PlanCandidates(DealRepository deals, ActivityRepository activities, PipelineRepository pipeline, IWinProbability winProbability, LeadOptions leadOptions, AgentOptions options, LanguageOptions languages)
{
    public async Task<IReadOnlyList<PlanCandidate>> ListAsync(Manager manager, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var language = languages.For(manager);
        var candidates = new List<PlanCandidate>();
        foreach (var deal in await deals.ListOpenByManagerAsync(manager.Id, cancellationToken).ConfigureAwait(false))
        {
            var dealActivities = await activities.ListByDealAsync(deal.Id, cancellationToken).ConfigureAwait(false);
            var metrics = DealMetrics.Calculate(deal, dealActivities, now);
            candidates.Add(ForDeal(deal, metrics, await winProbability.EstimateAsync(manager, deal, dealActivities, now, cancellationToken).ConfigureAwait(false), BestChannel(dealActivities), language));
        }
        string? continuation = null;
        do
        {
            var page = await pipeline.ListLeadsAsync(new LeadFilter(null, null, manager.Id), 100, continuation, cancellationToken).ConfigureAwait(false);
            candidates.AddRange(page.Items.Where(l => l.Stage is LeadStage.New or LeadStage.Contacted or LeadStage.Qualified).Select(l => ForLead(l, now, language)));
            continuation = page.Next;
        }
        while (continuation is not null);
        return [.. PlanCandidate.Ranked(candidates)];
    }

    public PlanCandidate ForDeal(Deal deal, DealMetrics metrics, double probability, string channel, string language)
    {
        ArgumentNullException.ThrowIfNull(deal);
        ArgumentNullException.ThrowIfNull(metrics);
        var idle = metrics.DaysSinceLastActivity;
        var (type, urgency) =
            idle >= options.CriticalIdleDays ? ("re_engage", RecommendationUrgency.Critical)
            : probability >= 0.6 && idle <= 3 ? ("close", probability >= 0.75 ? RecommendationUrgency.Critical : RecommendationUrgency.High)
            : metrics.OverdueTasks > 0 ? ("overdue_tasks", RecommendationUrgency.High)
            : idle >= options.WarningIdleDays ? ("re_engage", RecommendationUrgency.High)
            : ("next_step", RecommendationUrgency.Normal);
        var facts = new List<string>
        {
            PlanTexts.Probability(language, probability),
            PlanTexts.Money(language, deal.Budget, deal.Currency),
            PlanTexts.Idle(language, idle),
            PlanTexts.Stage(language, deal.Stage, metrics.DaysInCurrentStage),
        };
        if (metrics.OverdueTasks > 0)
        {
            facts.Add(PlanTexts.Overdue(language, metrics.OverdueTasks));
        }
        return new PlanCandidate(TargetKind.Deal, deal.Id, deal.ClientName is { Length: > 0 } client ? $"{deal.Name} ({client})" : deal.Name,
            type, urgency, probability, deal.Budget, deal.Currency, idle, facts, channel, deal.ClientName is { Length: > 0 } person ? person : null);
    }

    public PlanCandidate ForLead(Lead lead, DateTimeOffset now, string language)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var idle = Math.Max(0, (int)Math.Floor((now - lead.UpdatedAt).TotalDays));
        var bant = lead.Bant?.Total;
        // The AI score when there is one; else BANT read as a probability, discounted for not being a deal yet; else the stage's base rate.
        var probability = Math.Round(lead.Score?.Score ?? (bant is { } b ? b / 100.0 * 0.8 : lead.Stage switch
        {
            LeadStage.Qualified => 0.35,
            LeadStage.Contacted => 0.15,
            _ => 0.05,
        }), 2);
        var (type, urgency) =
            bant >= leadOptions.MeetingBantScore ? ("schedule_meeting", RecommendationUrgency.Critical)
            : idle >= options.CriticalIdleDays ? ("re_engage", RecommendationUrgency.Critical)
            : lead.Stage == LeadStage.Qualified && idle >= options.WarningIdleDays ? ("re_engage", RecommendationUrgency.High)
            : lead.Stage == LeadStage.Qualified ? ("prepare_transfer", RecommendationUrgency.High)
            : lead.Stage == LeadStage.New ? ("first_contact", idle >= 1 ? RecommendationUrgency.High : RecommendationUrgency.Normal)
            : ("qualify", RecommendationUrgency.Normal);
        var facts = new List<string> { PlanTexts.Probability(language, probability), PlanTexts.LeadStage(language, lead.Stage) };
        if (bant is { } total)
        {
            facts.Add(string.Create(CultureInfo.InvariantCulture, $"BANT {total}/100"));
        }
        facts.Add(PlanTexts.Idle(language, idle));
        var name = lead.Contact?.Name is { Length: > 0 } contact ? contact : string.Create(CultureInfo.InvariantCulture, $"#{lead.Id}");
        return new PlanCandidate(TargetKind.Lead, lead.Id.ToString(CultureInfo.InvariantCulture), name, type, urgency, probability, 0m, "",
            idle, facts, lead.Contact?.Phone is { Length: > 0 } ? "phone" : lead.Contact?.Email is { Length: > 0 } ? "email" : "phone", lead.Contact?.Name is { Length: > 0 } person ? person : null);
    }

    /// <summary>The channel the client answered on most (their inbound calls and messages), phone when nothing is known.</summary>
    public static string BestChannel(IReadOnlyList<Activity> dealActivities)
    {
        ArgumentNullException.ThrowIfNull(dealActivities);
        var inbound = dealActivities.Where(a => a.Direction == Direction.Inbound).ToList();
        var calls = inbound.Count(a => a.Kind == ActivityKind.Call);
        var messages = inbound.Count(a => a.Kind == ActivityKind.Message);
        return messages > calls ? "whatsapp" : "phone";
    }
}
