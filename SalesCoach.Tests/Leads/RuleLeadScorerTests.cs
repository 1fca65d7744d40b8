using SalesCoach.Core.Leads;

namespace SalesCoach.Tests.Leads;

public sealed class RuleLeadScorerTests
{
    private static LeadScoreResult Score(LeadSource source, LeadStage stage, int messages = 0, string? domain = "first", int days = 1, int? bant = null) =>
        RuleLeadScorer.Score(new LeadScoringInput(source, stage, messages, domain, days, bant));

    [Fact]
    public void Qualified_partner_lead_with_a_domain_is_ready_for_sales_as_in_seed_003()
    {
        var result = Score(LeadSource.Partner, LeadStage.Qualified);
        Assert.Equal(0.75, result.Score);
        Assert.Equal(LeadRecommendation.TransferToSales, LeadScoreBands.Recommend(result.Score));
    }

    [Fact]
    public void New_scanner_lead_without_a_domain_is_lost()
    {
        var result = Score(LeadSource.Scanner, LeadStage.New, domain: null);
        Assert.Equal(0.15, result.Score);
        Assert.Equal(LeadRecommendation.Lost, LeadScoreBands.Recommend(result.Score));
    }

    [Fact]
    public void New_partner_lead_needs_nurturing()
    {
        Assert.Equal(LeadRecommendation.ContinueNurturing, LeadScoreBands.Recommend(Score(LeadSource.Partner, LeadStage.New).Score));
    }

    [Theory]
    [InlineData(0.29, LeadRecommendation.Lost)]
    [InlineData(0.3, LeadRecommendation.ContinueNurturing)]
    [InlineData(0.59, LeadRecommendation.ContinueNurturing)]
    [InlineData(0.6, LeadRecommendation.TransferToSales)]
    public void Bands_follow_seed_003(double score, LeadRecommendation expected)
    {
        Assert.Equal(expected, LeadScoreBands.Recommend(score));
    }

    [Fact]
    public void Messages_count_up_to_ten_and_bant_adds_up_to_a_fifth()
    {
        var quiet = Score(LeadSource.Manual, LeadStage.Contacted).Score;
        var busy = Score(LeadSource.Manual, LeadStage.Contacted, messages: 25).Score;
        var assessed = Score(LeadSource.Manual, LeadStage.Contacted, bant: 100).Score;
        Assert.Equal(0.20, Math.Round(busy - quiet, 2));
        Assert.Equal(0.20, Math.Round(assessed - quiet, 2));
    }

    [Fact]
    public void Old_leads_lose_points_and_lost_leads_score_zero()
    {
        Assert.True(Score(LeadSource.Partner, LeadStage.Contacted, days: 61).Score < Score(LeadSource.Partner, LeadStage.Contacted, days: 31).Score);
        Assert.Equal(0, Score(LeadSource.Partner, LeadStage.Lost).Score);
    }

    [Fact]
    public void Reason_names_every_part_of_the_score()
    {
        var reason = Score(LeadSource.Partner, LeadStage.Qualified, messages: 3).Reason;
        Assert.Equal("base +0.10; source partner +0.25; stage qualified +0.25; 3 messages +0.06; business domain first +0.15", reason);
    }
}
