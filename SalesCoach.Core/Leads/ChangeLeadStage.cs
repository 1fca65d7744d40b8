// Owns moving a lead one step along its funnel, or to lost.
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Leads;

/// <summary>PATCH /api/v1/leads/{id}/stage: one step along new → contacted → qualified, or to lost; never skipping.</summary>
public sealed class ChangeLeadStage(PipelineRepository pipeline, TimeProvider time)
{
    public async Task<Lead> RunAsync(long leadId, LeadStage to, string? changedBy, string? reason, CancellationToken cancellationToken)
    {
        if (to == LeadStage.Transferred)
        {
            // Transfer has gates and creates the sale; a bare stage change would skip both.
            throw new InvalidTransitionException("qualified", "transferred", $"use POST /api/v1/leads/{leadId}/transfer");
        }
        var change = await pipeline.MutateLeadAsync(leadId, lead =>
        {
            var (moved, transition) = LeadTransitions.Move(lead, to, automated: false, changedBy, reason, time.GetUtcNow());
            return new LeadChange(moved, [transition]);
        }, cancellationToken).ConfigureAwait(false);
        return change.Lead;
    }
}
