// Owns applying a stage move to a lead and describing it for the history.
namespace SalesCoach.Core.Leads;

/// <summary>Applies one stage move to a lead and describes it for the history.</summary>
public static class LeadTransitions
{
    public static (Lead Lead, StageTransition Transition) Move(Lead lead, LeadStage to, bool automated, string? changedBy, string? reason, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(lead);
        Lead.Machine.EnsureCanMove(lead.Stage, to);
        var transition = new StageTransition("lead", StageMachine<LeadStage>.Name(lead.Stage), StageMachine<LeadStage>.Name(to), automated, changedBy, reason, at);
        return (lead with { Stage = to, StageChangedAt = at, UpdatedAt = at }, transition);
    }
}
