// Owns moving a sale one step along its funnel.
using SalesCoach.Core.Leads;

namespace SalesCoach.Core.Sales;

/// <summary>PATCH /api/v1/sales/{id}/stage: new → kyc → agreement → paid, or lost; never skipping (seed 003).</summary>
public sealed class ChangeSaleStage(PipelineRepository pipeline, TimeProvider time)
{
    public async Task<Sale> RunAsync(long saleId, SaleStage to, string? changedBy, string? reason, CancellationToken cancellationToken)
    {
        var (sale, _) = await pipeline.MutateSaleAsync(saleId, current =>
        {
            Sale.Machine.EnsureCanMove(current.Stage, to);
            var now = time.GetUtcNow();
            var transition = new StageTransition("sale", StageMachine<SaleStage>.Name(current.Stage), StageMachine<SaleStage>.Name(to), false, changedBy, reason, now);
            return (current with { Stage = to, StageChangedAt = now, UpdatedAt = now }, transition);
        }, cancellationToken).ConfigureAwait(false);
        return sale;
    }
}
