// Owns counting messages with a lead (the first one makes it contacted).
namespace SalesCoach.Core.Leads;

/// <summary>
/// POST /api/v1/leads/{id}/messages {"increment": n}: counts activity. Seed 001: the first logged
/// activity moves a new lead to contacted (an automated transition).
/// </summary>
public sealed class LogLeadMessages(PipelineRepository pipeline, TimeProvider time)
{
    public const int MaxIncrement = 1000;

    public async Task<Lead> RunAsync(long leadId, int increment, CancellationToken cancellationToken)
    {
        var change = await pipeline.MutateLeadAsync(leadId, lead =>
        {
            var now = time.GetUtcNow();
            var counted = lead with { MessageCount = lead.MessageCount + increment, UpdatedAt = now };
            if (counted.Stage != LeadStage.New)
            {
                return new LeadChange(counted, []);
            }
            var (moved, transition) = LeadTransitions.Move(counted, LeadStage.Contacted, automated: true, "system", "first activity logged", now);
            return new LeadChange(moved, [transition]);
        }, cancellationToken).ConfigureAwait(false);
        return change.Lead;
    }
}
