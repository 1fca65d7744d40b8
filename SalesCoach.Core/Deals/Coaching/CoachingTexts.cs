// Owns every word of deal coaching a manager reads, per language: rule findings, card, summary and alert labels.
using System.Globalization;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals.Coaching;

/// <summary>
/// The words of deal coaching in one language. Each language is one subclass, so a text missing in one
/// of them does not compile. Counts go through <see cref="Plural"/>; numbers through <see cref="Languages.Number"/>.
/// </summary>
public abstract class CoachingTexts
{
    public static CoachingTexts Russian { get; } = new RussianCoachingTexts();
    public static CoachingTexts Ukrainian { get; } = new UkrainianCoachingTexts();
    public static CoachingTexts English { get; } = new EnglishCoachingTexts();

    /// <summary>The texts of a language code; anything unsupported reads Russian, the product's first language.</summary>
    public static CoachingTexts For(string? language) => language switch
    {
        Languages.Ukrainian => Ukrainian,
        Languages.English => English,
        _ => Russian,
    };

    public abstract string Language { get; }

    // ── Counts and numbers ───────────────────────────────────────────────────────────────────────
    protected abstract PluralForms DayForms { get; }
    protected abstract PluralForms DealForms { get; }
    protected abstract PluralForms MinuteForms { get; }

    public string Days(int days) => Plural.Count(Language, days, DayForms);
    public string Deals(int deals) => Plural.Count(Language, deals, DealForms);
    public string Minutes(int minutes) => Plural.Count(Language, minutes, MinuteForms);
    public string Number(decimal value) => Languages.Number(Language, value);

    /// <summary>How long the client has been left alone ("no activity for 9 days"), or that nothing was ever recorded.</summary>
    public string Silence(DealMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return metrics.TotalTouches == 0 ? RiskNoTouches : Idle(Days(metrics.DaysSinceLastActivity));
    }
    public static string Percent(double rate) => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(rate * 100)}%");

    // ── Rule coach: findings and actions ─────────────────────────────────────────────────────────
    public abstract string NoContactYet(string age);
    public abstract ActionItem ContactTodayAction { get; }
    public abstract string NoTouchesRecorded { get; }
    public abstract string IdleConcern(string idle);
    public abstract string IdleLargeRedFlag(string idle);
    public abstract ActionItem CallTodayAction(string idle, bool isLarge);
    public abstract string StuckRedFlag(string stage, string days, string? typical);
    public abstract ActionItem MoveStageAction(string stage);
    public abstract string FarBeyondCycleRedFlag(string stage, string days, string typical);
    public abstract ActionItem CheckStillAliveAction { get; }
    public abstract string NoNextStepRedFlag { get; }
    public abstract ActionItem PlanNextStepAction { get; }
    public abstract string OverdueConcern(int tasks);
    public abstract ActionItem CloseOverdueAction { get; }
    public abstract string FewCallsConcern(int calls, string age);
    public abstract ActionItem VoiceCallAction { get; }
    public abstract string LowCompletionConcern(string percent);
    public abstract ActionItem ReviewTasksAction { get; }
    public abstract ActionItem KeepPaceAction { get; }

    public abstract string RegularCallsStrength(int calls, string minutes);
    public abstract string TaskDisciplineStrength(string percent);
    public abstract string FreshContactStrength { get; }
    public abstract string MovingStrength { get; }
    public abstract string NextStepStrength { get; }

    public abstract string AssessmentOpening(string stage, string age, int touches);
    public abstract string AssessmentHigh(string firstRedFlag);
    public abstract string AssessmentMedium(string firstConcern);
    public abstract string AssessmentLow { get; }

    public abstract string ReconnectPhrase(string? clientName);
    public abstract string MeetingPhrase { get; }
    public abstract string CaseStudyPhrase { get; }
    public abstract string PlanWrapUp { get; }

    // ── Risk of loss ─────────────────────────────────────────────────────────────────────────────
    public abstract string RiskLevel(RiskLevel level);
    public abstract string RiskNoTouches { get; }
    public abstract string RiskSilent(string idle, string? typical);
    public abstract string RiskInStage(string days, string? typical);
    public abstract string RiskOverdue(int tasks);
    public abstract string RiskNoNextStep { get; }
    public abstract string RiskFalling { get; }

    // ── Deal card ────────────────────────────────────────────────────────────────────────────────
    public abstract string CardTitle { get; }
    public abstract string DealLabel { get; }
    public abstract string BudgetLabel { get; }
    public abstract string ProbabilityLabel { get; }
    public abstract string ProbabilityByModel { get; }
    public abstract string ProbabilityByRules { get; }
    public abstract string ProbabilityByLlm { get; }
    public abstract string ManagerLabel { get; }
    public abstract string InWork(string age);
    public abstract string Calls(int calls, string minutes);
    public abstract string Touches(int touches);
    public abstract string Idle(string idle);
    public abstract string RiskLine(string level);
    public abstract string AssessmentHeading { get; }
    public abstract string StrengthsHeading { get; }
    public abstract string ConcernsHeading { get; }
    public abstract string RedFlagsHeading { get; }
    public abstract string RecommendationsHeading { get; }
    public abstract string Why { get; }
    public abstract string How { get; }
    public abstract string UrgencyHeading(Urgency urgency);
    public abstract string PhrasesHeading { get; }
    public abstract string PlanHeading { get; }
    public abstract string AnalysedAt { get; }

    // ── Summary and stale alert ──────────────────────────────────────────────────────────────────
    public abstract string SummaryTitle { get; }
    public abstract string OpenDeals(int deals);
    public abstract string PriorityCounts(int high, int medium, int low);
    public abstract string NoOpenDeals { get; }
    public abstract string CardsSent(int cards);
    public abstract string AtRisk(string money);
    public abstract string RiskCounts(int high, int medium, int low);
    public abstract string More(int deals, string managerId);
    public abstract string StaleTitle { get; }
    public abstract string StaleHeader(int daysThreshold, int deals);
    public abstract string StageLabel(string stage);
    public abstract string CheckedAt { get; }
}
