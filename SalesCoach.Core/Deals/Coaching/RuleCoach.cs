// Owns the rule coach: explicit rules over the deal metrics.
namespace SalesCoach.Core.Deals.Coaching;

/// <summary>
/// Deterministic coach: explicit rules over the deal metrics, measured against the team's norms when known. It is the answer when no LLM is
/// configured, and the fallback when the LLM fails. Each rule is one method below; the README lists them.
/// </summary>
public sealed class RuleCoach(RuleCoachOptions options) : ICoach
{
    public const string SourceName = "rules";

    public Task<CoachingOutcome> AdviseAsync(DealContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(new CoachingOutcome(Advise(context), CoachingUsage.None));
    }

    public CoachingAdvice Advise(DealContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var texts = context.Texts;
        var findings = new Findings();
        var metrics = context.Metrics;
        var isLarge = context.Deal.Budget >= options.LargeDealBudget(context.Deal.Currency);

        NoContactYet(context, texts, findings);
        IdleTooLong(context, texts, isLarge, findings);
        StuckInStage(context, texts, findings);
        NoNextStep(context, texts, findings);
        OverdueTasks(metrics, texts, findings);
        FewCalls(context, texts, findings);
        LowTaskCompletion(metrics, texts, findings);
        Strengths(metrics, texts, findings);

        if (findings.Actions.Count == 0)
        {
            findings.Actions.Add(texts.KeepPaceAction);
        }

        var priority = findings.RedFlags.Count > 0 ? Priority.High
            : findings.Concerns.Count > 0 ? Priority.Medium
            : Priority.Low;
        var actions = findings.Actions.OrderBy(a => a.Urgency).ToList();

        return new CoachingAdvice
        {
            Assessment = Assess(context, texts, priority, findings),
            Strengths = findings.Strengths,
            Concerns = findings.Concerns,
            RedFlags = findings.RedFlags,
            Priority = priority,
            ActionItems = actions,
            Phrases = Phrases(context, texts, findings),
            ActionPlan = Plan(actions, texts),
            ConversionProbability = Probability(metrics, findings),
            Source = SourceName,
        };
    }

    // Rule 1: a deal that has existed for days without a single call or message has not started.
    // When the team's history holds no calls or messages at all, that is said as a fact about the data.
    private static void NoContactYet(DealContext context, CoachingTexts texts, Findings findings)
    {
        if (context.Metrics.TotalTouches > 0 || context.Metrics.DealAgeDays < 2)
        {
            return;
        }
        if (!context.Norms.TouchesRecorded)
        {
            findings.Concerns.Add(texts.NoTouchesRecorded);
            return;
        }
        findings.RedFlags.Add(texts.NoContactYet(texts.Days(context.Metrics.DealAgeDays)));
        findings.Actions.Add(texts.ContactTodayAction);
    }

    // Rule 2: silence. Large deals get a shorter fuse ("4 days without contact on a large deal").
    private void IdleTooLong(DealContext context, CoachingTexts texts, bool isLarge, Findings findings)
    {
        var idle = context.Metrics.DaysSinceLastActivity;
        var limit = isLarge ? options.LargeDealIdleDays : options.IdleDays;
        if (idle < limit || context.Metrics.TotalTouches == 0)
        {
            return;
        }
        var days = texts.Days(idle);
        findings.Concerns.Add(texts.IdleConcern(days));
        if (isLarge)
        {
            findings.RedFlags.Add(texts.IdleLargeRedFlag(days));
        }
        findings.Actions.Add(texts.CallTodayAction(days, isLarge));
        findings.NeedsReconnectPhrase = true;
    }

    // Rule 3: a deal parked in one stage is not progressing. Against the team's usual stay in that stage
    // when it is known (1.5× is stuck, 3× is probably lost), else against the configured days.
    private void StuckInStage(DealContext context, CoachingTexts texts, Findings findings)
    {
        var days = context.Metrics.DaysInCurrentStage;
        var stage = context.Deal.Stage;
        var typical = context.Norms.TypicalDaysIn(stage);
        if (typical is { } usual && usual >= 1 && days > 3 * usual)
        {
            findings.RedFlags.Add(texts.FarBeyondCycleRedFlag(stage, texts.Days(days), texts.Days(Whole(usual))));
            findings.Actions.Add(texts.CheckStillAliveAction);
            findings.NeedsMeetingPhrase = true;
            return;
        }
        var limit = typical is { } known && known >= 1 ? 1.5 * known : options.StuckInStageDays;
        if (days <= limit)
        {
            return;
        }
        findings.RedFlags.Add(texts.StuckRedFlag(stage, texts.Days(days), typical is { } t && t >= 1 ? texts.Days(Whole(t)) : null));
        findings.Actions.Add(texts.MoveStageAction(stage));
        findings.NeedsMeetingPhrase = true;
    }

    // Rule 4: no open task with a future deadline means nobody owns the next step (in a team that uses tasks).
    private static void NoNextStep(DealContext context, CoachingTexts texts, Findings findings)
    {
        if (context.Metrics.PlannedTasks > 0 || !context.Norms.TasksInUse)
        {
            return;
        }
        findings.RedFlags.Add(texts.NoNextStepRedFlag);
        findings.Actions.Add(texts.PlanNextStepAction);
    }

    // Rule 5: overdue tasks are promises to the client that were not kept.
    private static void OverdueTasks(DealMetrics metrics, CoachingTexts texts, Findings findings)
    {
        if (metrics.OverdueTasks == 0)
        {
            return;
        }
        findings.Concerns.Add(texts.OverdueConcern(metrics.OverdueTasks));
        findings.Actions.Add(texts.CloseOverdueAction);
    }

    // Rule 6: a week-old deal with almost no calls is being worked by text only (in a team whose calls are recorded).
    private void FewCalls(DealContext context, CoachingTexts texts, Findings findings)
    {
        var metrics = context.Metrics;
        if (metrics.DealAgeDays < options.FewCallsAfterDays || metrics.CallCount >= options.MinCalls || !context.Norms.TouchesRecorded)
        {
            return;
        }
        findings.Concerns.Add(texts.FewCallsConcern(metrics.CallCount, texts.Days(metrics.DealAgeDays)));
        findings.Actions.Add(texts.VoiceCallAction);
    }

    // Rule 7: most tasks left undone signals an overloaded or careless manager.
    private static void LowTaskCompletion(DealMetrics metrics, CoachingTexts texts, Findings findings)
    {
        if (metrics.TaskCount < 2 || metrics.TaskCompletionRate is not { } rate || rate >= 0.5)
        {
            return;
        }
        findings.Concerns.Add(texts.LowCompletionConcern(CoachingTexts.Percent(rate)));
        findings.Actions.Add(texts.ReviewTasksAction);
    }

    private static void Strengths(DealMetrics metrics, CoachingTexts texts, Findings findings)
    {
        if (metrics.CallCount >= 3)
        {
            findings.Strengths.Add(texts.RegularCallsStrength(metrics.CallCount, texts.Minutes(metrics.CallDurationSeconds / 60)));
        }
        if (metrics.TaskCount >= 2 && metrics.TaskCompletionRate >= 0.8)
        {
            findings.Strengths.Add(texts.TaskDisciplineStrength(CoachingTexts.Percent(metrics.TaskCompletionRate.Value)));
        }
        if (metrics.TotalTouches > 0 && metrics.DaysSinceLastActivity <= 1)
        {
            findings.Strengths.Add(texts.FreshContactStrength);
        }
        if (metrics.StageMoves > 0 && metrics.DaysInCurrentStage <= 7)
        {
            findings.Strengths.Add(texts.MovingStrength);
        }
        if (metrics.PlannedTasks > 0)
        {
            findings.Strengths.Add(texts.NextStepStrength);
        }
    }

    // Probability starts at 55, gains for funnel progress and strengths, loses for each risk found.
    // It ranks deals against each other; it is not a calibrated forecast (the win model is, when fitted).
    private static int Probability(DealMetrics metrics, Findings findings)
    {
        var score = 55
            + 5 * Math.Min(metrics.StageMoves, 3)
            + 4 * findings.Strengths.Count
            - 4 * findings.Concerns.Count
            - 6 * findings.RedFlags.Count;
        return Math.Clamp(score, 5, 95);
    }

    private static string Assess(DealContext context, CoachingTexts texts, Priority priority, Findings findings)
    {
        var metrics = context.Metrics;
        var opening = texts.AssessmentOpening(context.Deal.Stage, texts.Days(metrics.DealAgeDays), metrics.TotalTouches);
        var verdict = priority switch
        {
            Priority.High => texts.AssessmentHigh(Sentence(findings.RedFlags[0])),
            Priority.Medium => texts.AssessmentMedium(Sentence(findings.Concerns[0])),
            _ => texts.AssessmentLow,
        };
        return $"{opening} {verdict}";
    }

    private static string Sentence(string finding) =>
        char.ToLowerInvariant(finding[0]) + finding[1..].TrimEnd('.') + ".";

    private static List<string> Phrases(DealContext context, CoachingTexts texts, Findings findings)
    {
        var phrases = new List<string>();
        if (findings.NeedsReconnectPhrase)
        {
            phrases.Add(texts.ReconnectPhrase(context.Deal.ClientName));
        }
        if (findings.NeedsMeetingPhrase)
        {
            phrases.Add(texts.MeetingPhrase);
        }
        phrases.Add(texts.CaseStudyPhrase);
        return phrases;
    }

    private static List<string> Plan(IReadOnlyList<ActionItem> actions, CoachingTexts texts)
    {
        var plan = actions.Take(3).Select(a => a.Title).ToList();
        plan.Add(texts.PlanWrapUp);
        return plan;
    }

    private static int Whole(double days) => (int)Math.Round(days, MidpointRounding.AwayFromZero);

    private sealed class Findings
    {
        public List<string> Strengths { get; } = [];
        public List<string> Concerns { get; } = [];
        public List<string> RedFlags { get; } = [];
        public List<ActionItem> Actions { get; } = [];
        public bool NeedsReconnectPhrase { get; set; }
        public bool NeedsMeetingPhrase { get; set; }
    }
}
