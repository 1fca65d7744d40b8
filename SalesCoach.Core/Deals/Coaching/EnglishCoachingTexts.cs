// Owns deal coaching's words in English.
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals.Coaching;

internal sealed class EnglishCoachingTexts : CoachingTexts
{
    public override string Language => Languages.English;
    protected override PluralForms DayForms { get; } = new("day", "days");
    protected override PluralForms DealForms { get; } = new("deal", "deals");
    protected override PluralForms MinuteForms { get; } = new("minute", "minutes");

    public override string NoContactYet(string age) => $"Not a single call or message with the client in {age}";
    public override ActionItem ContactTodayAction { get; } = new(
        "Contact the client today", Urgency.Urgent,
        "Without a first contact the deal does not move and the client's interest cools",
        "Call, introduce yourself and find out what the client needs; log the outcome in the CRM");
    public override string NoTouchesRecorded => "No calls or messages recorded: the CRM history does not show when the client was last contacted";
    public override string IdleConcern(string idle) => $"No contact for {idle}: the client's attention is slipping";
    public override string IdleLargeRedFlag(string idle) => $"Large deal with no activity for {idle}";
    public override ActionItem CallTodayAction(string idle, bool isLarge) => new(
        "Call the client today", Urgency.Urgent,
        isLarge ? $"{idle} without contact on a large deal: a high risk of losing it" : $"{idle} without contact: the client may go to a competitor",
        "Call with something of value (a new offer, a case study, an answer to the client's question)");
    public override string StuckRedFlag(string stage, string days, string? typical) =>
        $"Stuck in stage \"{stage}\" for {days}" + (typical is null ? "" : $" (typically {typical})");
    public override ActionItem MoveStageAction(string stage) => new(
        $"Move the deal out of \"{stage}\"", Urgency.ThisWeek,
        "The longer a deal sits in one stage, the less likely it closes",
        "Find out what blocks the decision and propose a concrete step: a meeting, a demo or a trial");
    public override string FarBeyondCycleRedFlag(string stage, string days, string typical) =>
        $"In stage \"{stage}\" for {days}, three times the team's usual ({typical})";
    public override ActionItem CheckStillAliveAction { get; } = new(
        "Check whether the deal is still alive", Urgency.ThisWeek,
        "Deals that sit in a stage three times longer than usual are mostly lost for this team",
        "Call and ask plainly about the decision and its timing; if the client is not ready, close the deal as lost so the pipeline tells the truth");
    public override string NoNextStepRedFlag => "No activity planned";
    public override ActionItem PlanNextStepAction { get; } = new(
        "Set a task for the next step", Urgency.Urgent,
        "Without a planned step the deal stalls",
        "Create a CRM task with a real deadline: a call, a meeting or sending the proposal");
    public override string OverdueConcern(int tasks) => $"Overdue tasks: {Number(tasks)}";
    public override ActionItem CloseOverdueAction { get; } = new(
        "Clear the overdue tasks", Urgency.Urgent,
        "An overdue task is a promise to the client that was not kept",
        "Do each task or move it to a new, realistic deadline");
    public override string FewCallsConcern(int calls, string age) => $"Few calls: {Number(calls)} in {age}";
    public override ActionItem VoiceCallAction { get; } = new(
        "Talk by voice", Urgency.ThisWeek,
        "Needs and objections are hard to uncover in writing",
        "Offer a short 15-minute call at a time that suits the client");
    public override string LowCompletionConcern(string percent) => $"Only {percent} of tasks done";
    public override ActionItem ReviewTasksAction { get; } = new(
        "Review the deal's tasks", Urgency.Plan,
        "Undone tasks blur the plan for this client",
        "Keep only real tasks and give each a deadline");
    public override ActionItem KeepPaceAction { get; } = new(
        "Agree the next step with the client", Urgency.Plan,
        "The deal is on track; keep the pace",
        "Agree the date of the next contact and set a task in the CRM");

    public override string RegularCallsStrength(int calls, string minutes) => $"Regular calls ({Number(calls)} calls, {minutes})";
    public override string TaskDisciplineStrength(string percent) => $"Task discipline: {percent} done";
    public override string FreshContactStrength => "Recent contact with the client";
    public override string MovingStrength => "The deal is moving through the pipeline";
    public override string NextStepStrength => "The next step is planned";

    public override string AssessmentOpening(string stage, string age, int touches) => $"The deal is in stage \"{stage}\", open for {age}, touches: {Number(touches)}.";
    public override string AssessmentHigh(string firstRedFlag) => $"Needs attention today: {firstRedFlag}";
    public override string AssessmentMedium(string firstConcern) => $"There are risks: {firstConcern}";
    public override string AssessmentLow => "The deal is on track; keep the pace.";

    public override string ReconnectPhrase(string? clientName) =>
        $"“{(string.IsNullOrWhiteSpace(clientName) ? "" : clientName + ", ")}I have prepared an offer that can help you optimise the budget. Could we discuss it today?”";
    public override string MeetingPhrase => "“What would it take for us to move forward? I can set up a demo at a time that suits you”";
    public override string CaseStudyPhrase => "“I'd like to show you a case from a similar company; the results are impressive”";
    public override string PlanWrapUp => "Log the outcome and the next step in the CRM";

    public override string RiskLevel(RiskLevel level) => level switch
    {
        Coaching.RiskLevel.High => "high",
        Coaching.RiskLevel.Medium => "medium",
        _ => "low",
    };
    public override string RiskNoTouches => "no calls or messages recorded";
    public override string RiskSilent(string idle, string? typical) => $"no contact for {idle}" + (typical is null ? "" : $" (typically {typical})");
    public override string RiskInStage(string days, string? typical) => $"in stage for {days}" + (typical is null ? "" : $" (typically {typical})");
    public override string RiskOverdue(int tasks) => $"overdue tasks: {Number(tasks)}";
    public override string RiskNoNextStep => "no next step";
    public override string RiskFalling => "fewer touches than before";

    public override string CardTitle => "DEAL ANALYSIS";
    public override string DealLabel => "Deal";
    public override string BudgetLabel => "Value";
    public override string ProbabilityLabel => "Win probability";
    public override string ProbabilityByModel => "model of the team's history";
    public override string ProbabilityByRules => "rule-based estimate";
    public override string ProbabilityByLlm => "AI estimate";
    public override string ManagerLabel => "Manager";
    public override string InWork(string age) => $"Open for: {age}";
    public override string Calls(int calls, string minutes) => $"Calls: {Number(calls)} ({minutes})";
    public override string Touches(int touches) => $"Touches: {Number(touches)}";
    public override string Idle(string idle) => $"No activity for: {idle}";
    public override string RiskLine(string level) => $"Risk of loss: {level}";
    public override string AssessmentHeading => "ASSESSMENT:";
    public override string StrengthsHeading => "WHAT IS GOING WELL:";
    public override string ConcernsHeading => "CONCERNS:";
    public override string RedFlagsHeading => "CRITICAL:";
    public override string RecommendationsHeading => "RECOMMENDATIONS:";
    public override string Why => "Why:";
    public override string How => "How:";
    public override string UrgencyHeading(Urgency urgency) => urgency switch
    {
        Urgency.Urgent => "URGENT",
        Urgency.ThisWeek => "THIS WEEK",
        _ => "PLAN",
    };
    public override string PhrasesHeading => "WHAT TO SAY TO THE CLIENT:";
    public override string PlanHeading => "ACTION PLAN (2-3 days):";
    public override string AnalysedAt => "Analysed";

    public override string SummaryTitle => "DEALS SUMMARY";
    public override string OpenDeals(int deals) => $"{Deals(deals)} open";
    public override string PriorityCounts(int high, int medium, int low) => $"🔴 High: {Number(high)} · 🟡 Medium: {Number(medium)} · 🟢 Low: {Number(low)}";
    public override string NoOpenDeals => "No open deals.";
    public override string CardsSent(int cards) => $"Detailed cards: {Number(cards)}, for the deals with the most money at risk";
    public override string AtRisk(string money) => $"{money} at risk";
    public override string RiskCounts(int high, int medium, int low) => $"Risk of loss — 🔴 high: {Number(high)} · 🟡 medium: {Number(medium)} · 🟢 low: {Number(low)}";
    public override string More(int deals, string managerId) => $"… and {Deals(deals)} more: GET /api/managers/{managerId}/deals?sort=risk";
    public override string StaleTitle => "DEALS WITHOUT ACTIVITY";
    public override string StaleHeader(int daysThreshold, int deals) => $"no activity for {Days(daysThreshold)} or more: {Deals(deals)}";
    public override string StageLabel(string stage) => $"stage “{stage}”";
    public override string CheckedAt => "Checked";
}
