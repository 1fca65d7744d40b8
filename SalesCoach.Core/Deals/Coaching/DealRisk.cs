// Owns the risk of losing a deal: what the data shows against the team's norms, as a score, a level and reasons.
using System.Text.Json.Serialization;
using SalesCoach.Core.Deals.Forecast;

namespace SalesCoach.Core.Deals.Coaching;

[JsonConverter(typeof(JsonStringEnumConverter<RiskLevel>))]
public enum RiskLevel
{
    Low,
    Medium,
    High,
}

/// <summary>Why a deal is at risk; codes are stable for the API, days and counts let any language say it.</summary>
public static class RiskReasonCodes
{
    /// <summary>The history holds no call or message at all.</summary>
    public const string NoTouches = "no_touches";
    /// <summary>No call or message for longer than the team's usual gap.</summary>
    public const string Silent = "silent";
    /// <summary>In the current stage longer than the team usually stays there.</summary>
    public const string InStage = "in_stage";
    public const string Overdue = "overdue_tasks";
    public const string NoNextStep = "no_next_step";
    /// <summary>Fewer touches in the last two weeks than in the two before, by half or more.</summary>
    public const string Falling = "activity_falling";
}

/// <summary>One reason, with what it is measured against (<see cref="Typical"/> null when the team's norm is unknown).</summary>
public sealed record RiskReason(string Code, double Weight, int? Days = null, int? Typical = null, int? Count = null);

/// <summary>
/// The risk of losing a deal, 0..1: each sign the data holds adds to it (1 − Π(1 − sᵢ)), and each sign
/// is measured against what is normal for this team (<see cref="TeamNorms"/>), falling back to the rule
/// thresholds while nothing is learned. It is not a probability; it ranks attention.
/// </summary>
public sealed record DealRisk(double Score, RiskLevel Level, IReadOnlyList<RiskReason> Reasons)
{
    public const double HighFrom = 0.6;
    public const double MediumFrom = 0.3;

    /// <summary>A deal in a stage 3× its typical stay scores this much from that alone.</summary>
    public const double MaxStall = 0.8;
    public const double MaxSilence = 0.7;
    /// <summary>No call or message ever, in a team that records them: the client may never have been reached.</summary>
    public const double NoTouchesRecordedByTeam = 0.6;
    /// <summary>No call or message ever, in a team whose history holds none: it says little.</summary>
    public const double NoTouchesUnrecorded = 0.15;
    public const double NoNextStepWeight = 0.3;
    public const double FallingWeight = 0.25;
    public const int TrendWindowDays = 14;

    public static DealRisk Assess(DealContext context, RuleCoachOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var metrics = context.Metrics;
        var norms = context.Norms;
        var reasons = new List<RiskReason>();

        // Stall: days in the current stage against the team's usual stay there.
        var typicalStay = norms.TypicalDaysIn(context.Deal.Stage);
        var stayLimit = Math.Max(1, typicalStay ?? options.StuckInStageDays);
        var stayRatio = metrics.DaysInCurrentStage / stayLimit;
        if (stayRatio > 1)
        {
            reasons.Add(new(RiskReasonCodes.InStage, MaxStall * Math.Clamp((stayRatio - 1) / 2, 0, 1), metrics.DaysInCurrentStage, Whole(typicalStay)));
        }

        // Silence: days since the last touch against the team's usual gap; a deal never touched is said as such.
        if (metrics.TotalTouches == 0)
        {
            if (metrics.DealAgeDays >= 2)
            {
                reasons.Add(new(RiskReasonCodes.NoTouches, norms.TouchesRecorded ? NoTouchesRecordedByTeam : NoTouchesUnrecorded));
            }
        }
        else
        {
            var typicalGap = norms.TouchGapDays;
            var isLarge = context.Deal.Budget >= options.LargeDealBudget(context.Deal.Currency);
            var usualGap = typicalGap is { } gap ? Math.Max(1, gap) : options.IdleDays;
            var gapLimit = Math.Max(1, isLarge ? Math.Min(usualGap, options.LargeDealIdleDays) : usualGap);
            var silentRatio = metrics.DaysSinceLastActivity / gapLimit;
            if (silentRatio >= 1)
            {
                reasons.Add(new(RiskReasonCodes.Silent, MaxSilence * Math.Clamp(silentRatio / 4, 0.25, 1), metrics.DaysSinceLastActivity, Whole(typicalGap)));
            }
        }

        if (metrics.OverdueTasks > 0)
        {
            reasons.Add(new(RiskReasonCodes.Overdue, Math.Min(0.5, 0.25 * metrics.OverdueTasks), Count: metrics.OverdueTasks));
        }
        if (norms.TasksInUse && metrics.PlannedTasks == 0)
        {
            reasons.Add(new(RiskReasonCodes.NoNextStep, NoNextStepWeight));
        }
        if (Falling(context))
        {
            reasons.Add(new(RiskReasonCodes.Falling, FallingWeight));
        }

        var score = 1 - reasons.Aggregate(1.0, (keep, reason) => keep * (1 - reason.Weight));
        score = Math.Round(score, 4);
        var level = score >= HighFrom ? RiskLevel.High : score >= MediumFrom ? RiskLevel.Medium : RiskLevel.Low;
        return new DealRisk(score, level, reasons.OrderByDescending(r => r.Weight).ToList());
    }

    private static bool Falling(DealContext context)
    {
        int recent = 0, before = 0;
        foreach (var activity in context.Activities)
        {
            if (activity.Kind is not (ActivityKind.Call or ActivityKind.Message))
            {
                continue;
            }
            var daysAgo = (context.Now - activity.OccurredAt).TotalDays;
            if (daysAgo is >= 0 and < TrendWindowDays)
            {
                recent++;
            }
            else if (daysAgo is >= TrendWindowDays and < 2 * TrendWindowDays)
            {
                before++;
            }
        }
        return before >= 2 && recent * 2 <= before;
    }

    private static int? Whole(double? days) => days is { } d ? (int)Math.Round(d, MidpointRounding.AwayFromZero) : null;

    /// <summary>The reasons as a short phrase in the manager's language ("no calls or messages recorded · in stage for 340 days (typically 45 days)").</summary>
    public string Describe(CoachingTexts texts, int maxReasons = 2)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return string.Join(" · ", Reasons.Take(maxReasons).Select(r => DescribeReason(r, texts)));
    }

    public static string DescribeReason(RiskReason reason, CoachingTexts texts)
    {
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(texts);
        return reason.Code switch
        {
            RiskReasonCodes.NoTouches => texts.RiskNoTouches,
            RiskReasonCodes.Silent => texts.RiskSilent(texts.Days(reason.Days ?? 0), reason.Typical is { } t ? texts.Days(t) : null),
            RiskReasonCodes.InStage => texts.RiskInStage(texts.Days(reason.Days ?? 0), reason.Typical is { } t ? texts.Days(t) : null),
            RiskReasonCodes.Overdue => texts.RiskOverdue(reason.Count ?? 0),
            RiskReasonCodes.NoNextStep => texts.RiskNoNextStep,
            RiskReasonCodes.Falling => texts.RiskFalling,
            _ => reason.Code,
        };
    }
}
