using SalesCoach.Core.Deals;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Deals.Forecast;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Deals;

public sealed class DealRiskTests
{
    private static readonly RuleCoachOptions Options = new();

    private static readonly TeamNorms NoTouchTeam = new()
    {
        DaysInStage = new Dictionary<string, double> { ["Переговоры"] = 45 },
        CycleDays = 50,
        TouchesRecorded = false,
        TasksInUse = false,
        Deals = 1000,
    };

    private static DealContext Context(DealBuilder deal, TeamNorms norms, string language = Languages.English) =>
        deal.Context with { Norms = norms, Language = language };

    [Fact]
    public void A_deal_with_no_activity_in_a_team_that_records_none_is_described_as_such_not_as_idle_days()
    {
        var risk = DealRisk.Assess(Context(DealBuilder.At().Aged(3400), NoTouchTeam), Options);

        Assert.Contains(risk.Reasons, r => r.Code == RiskReasonCodes.NoTouches);
        Assert.DoesNotContain(risk.Reasons, r => r.Code == RiskReasonCodes.Silent);
        var text = risk.Describe(CoachingTexts.English, 5);
        Assert.Contains("no calls or messages recorded", text, StringComparison.Ordinal);
        Assert.Contains("(typically 45 days)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("3,400 days without", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Age_in_stage_is_measured_against_the_teams_typical_stay()
    {
        var old = DealRisk.Assess(Context(DealBuilder.At().Aged(3400), NoTouchTeam), Options);
        var usual = DealRisk.Assess(Context(DealBuilder.At().Aged(40), NoTouchTeam), Options);
        var late = DealRisk.Assess(Context(DealBuilder.At().Aged(90), NoTouchTeam), Options);

        Assert.Equal(RiskLevel.High, old.Level);
        Assert.Equal(RiskLevel.Low, usual.Level);
        Assert.True(old.Score > late.Score && late.Score > usual.Score, $"{old.Score} > {late.Score} > {usual.Score}");
    }

    [Fact]
    public void Silence_counts_against_the_usual_gap_and_falling_activity_adds_risk()
    {
        var norms = new TeamNorms { TouchGapDays = 2, Deals = 100 };
        var silent = DealRisk.Assess(Context(DealBuilder.At().Aged(30).Call(25).Call(22).Call(20).Call(9), norms), Options);
        Assert.Contains(silent.Reasons, r => r.Code == RiskReasonCodes.Silent && r.Days == 9 && r.Typical == 2);
        Assert.Contains(silent.Reasons, r => r.Code == RiskReasonCodes.Falling);
        Assert.Equal("no contact for 9 days (typically 2 days)", DealRisk.DescribeReason(silent.Reasons.First(r => r.Code == RiskReasonCodes.Silent), CoachingTexts.English));
    }

    [Fact]
    public void Reasons_read_in_russian_and_ukrainian_plural_forms()
    {
        var risk = DealRisk.Assess(Context(DealBuilder.At().Aged(3400), NoTouchTeam), Options);
        Assert.Contains("(обычно 45 дней)", risk.Describe(CoachingTexts.Russian, 5), StringComparison.Ordinal);
        Assert.Contains("(зазвичай 45 днів)", risk.Describe(CoachingTexts.Ukrainian, 5), StringComparison.Ordinal);
    }

    private static DealAssessment Assessment(string id, string name, decimal budget, double probability, double risk, int daysInStage = 10)
    {
        var builder = DealBuilder.At().Aged(daysInStage).With(d => d with { Id = id, Name = name, Budget = budget });
        return new DealAssessment(builder.Context, new RuleCoach(Options).Advise(builder.Context),
            new WinForecast(probability, ForecastSources.Model), new DealRisk(risk, RiskLevel.Medium, []));
    }

    [Fact]
    public void Ranking_puts_the_most_value_at_risk_first_and_breaks_ties_by_what_a_manager_sees_never_by_id()
    {
        var ranked = DealAssessor.Ranked(
        [
            Assessment("1", "Small", 500m, 0.5, 0.5),
            Assessment("2", "Big", 5000m, 0.5, 0.5),
            Assessment("3", "Big but safe", 5000m, 0.5, 0.05),
            // Equal in every number: the name decides, whatever the ids.
            Assessment("9", "Alpha", 1000m, 0.4, 0.5),
            Assessment("0", "Beta", 1000m, 0.4, 0.5),
        ]).Select(a => a.Deal.Name).ToList();

        Assert.Equal(["Big", "Alpha", "Beta", "Small", "Big but safe"], ranked);
        Assert.Equal(1250m, Assessment("2", "Big", 5000m, 0.5, 0.5).ValueAtRisk);
    }

    [Fact]
    public void Equal_value_at_risk_ranks_the_longer_stuck_deal_first()
    {
        var ranked = DealAssessor.Ranked([Assessment("1", "Same", 1000m, 0.5, 0.5, 10), Assessment("2", "Same", 1000m, 0.5, 0.5, 300)]).ToList();
        Assert.Equal("2", ranked[0].Deal.Id);
    }
}
