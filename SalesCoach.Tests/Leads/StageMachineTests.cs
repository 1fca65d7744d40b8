using SalesCoach.Core.Leads;
using SalesCoach.Core.Platform;
using SalesCoach.Core.Sales;

namespace SalesCoach.Tests.Leads;

public sealed class StageMachineTests
{
    [Theory]
    [InlineData(LeadStage.New, LeadStage.Contacted)]
    [InlineData(LeadStage.Contacted, LeadStage.Qualified)]
    [InlineData(LeadStage.Qualified, LeadStage.Transferred)]
    [InlineData(LeadStage.New, LeadStage.Lost)]
    [InlineData(LeadStage.Contacted, LeadStage.Lost)]
    [InlineData(LeadStage.Qualified, LeadStage.Lost)]
    public void Lead_moves_one_step_forward_or_to_lost(LeadStage from, LeadStage to)
    {
        Assert.True(Lead.Machine.CanMove(from, to));
    }

    [Theory]
    [InlineData(LeadStage.New, LeadStage.Qualified)]
    [InlineData(LeadStage.New, LeadStage.Transferred)]
    [InlineData(LeadStage.Contacted, LeadStage.Transferred)]
    [InlineData(LeadStage.Contacted, LeadStage.New)]
    [InlineData(LeadStage.Qualified, LeadStage.Contacted)]
    [InlineData(LeadStage.New, LeadStage.New)]
    [InlineData(LeadStage.Transferred, LeadStage.Lost)]
    [InlineData(LeadStage.Lost, LeadStage.Contacted)]
    [InlineData(LeadStage.Lost, LeadStage.Lost)]
    public void Lead_never_skips_goes_back_or_leaves_a_final_stage(LeadStage from, LeadStage to)
    {
        Assert.False(Lead.Machine.CanMove(from, to));
    }

    [Fact]
    public void Refusal_uses_the_seed_wording()
    {
        var error = Assert.Throws<InvalidTransitionException>(() => Lead.Machine.EnsureCanMove(LeadStage.New, LeadStage.Qualified));
        Assert.Equal("Cannot transition from 'new' to 'qualified'", error.Message);
    }

    [Theory]
    [InlineData(SaleStage.New, SaleStage.Kyc, true)]
    [InlineData(SaleStage.Kyc, SaleStage.Agreement, true)]
    [InlineData(SaleStage.Agreement, SaleStage.Paid, true)]
    [InlineData(SaleStage.Agreement, SaleStage.Lost, true)]
    [InlineData(SaleStage.New, SaleStage.Agreement, false)]
    [InlineData(SaleStage.Kyc, SaleStage.Paid, false)]
    [InlineData(SaleStage.Paid, SaleStage.Lost, false)]
    [InlineData(SaleStage.Lost, SaleStage.Kyc, false)]
    public void Sale_follows_new_kyc_agreement_paid(SaleStage from, SaleStage to, bool allowed)
    {
        Assert.Equal(allowed, Sale.Machine.CanMove(from, to));
    }
}
