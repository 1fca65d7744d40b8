// Owns transferring a lead to sales through its gates, in one transaction.
using System.Globalization;
using SalesCoach.Core.Platform;
using SalesCoach.Core.Sales;

namespace SalesCoach.Core.Leads;

/// <summary>
/// POST /api/v1/leads/{id}/transfer?amount= (seed 003). Hard gates, each refusing with its name:
/// not already transferred (409), business domain set (422 business_domain), AI score ≥ MinTransferScore
/// (422 ai_score), and the lead qualified (409: no skipping). A missing or stale score is redone first.
/// The lead's move and the new sale are written in one transaction.
/// </summary>
public sealed class TransferLead(PipelineRepository pipeline, AnalyzeLead analyzeLead, LeadOptions options, TimeProvider time)
{
    public async Task<Sale> RunAsync(long leadId, decimal amount, string? changedBy, CancellationToken cancellationToken)
    {
        var lead = await pipeline.GetLeadAsync(leadId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Lead", leadId.ToString(CultureInfo.InvariantCulture));
        if (lead.Stage is not (LeadStage.Transferred or LeadStage.Lost) && analyzeLead.IsStale(lead.Score))
        {
            await analyzeLead.RunAsync(leadId, force: true, cancellationToken).ConfigureAwait(false);
        }

        var change = await pipeline.MutateLeadAsync(leadId, current =>
        {
            if (current.Stage == LeadStage.Transferred)
            {
                throw new ConflictException($"Lead {current.Id} is already transferred.");
            }
            if (string.IsNullOrWhiteSpace(current.BusinessDomain))
            {
                throw new UnprocessableException("business_domain", $"Lead {current.Id} has no business domain; set one before the transfer.");
            }
            if (current.Score is not { } score || score.Score < options.MinTransferScore)
            {
                throw new UnprocessableException("ai_score", string.Create(CultureInfo.InvariantCulture,
                    $"Lead {current.Id} scores {current.Score?.Score ?? 0:0.00}; a transfer needs at least {options.MinTransferScore:0.00}."));
            }
            var now = time.GetUtcNow();
            var (moved, transition) = LeadTransitions.Move(current, LeadStage.Transferred, automated: false, changedBy,
                string.Create(CultureInfo.InvariantCulture, $"transferred to sales, amount {amount}"), now);
            var sale = new Sale
            {
                Id = current.Id,
                LeadId = current.Id,
                Stage = SaleStage.New,
                Amount = amount,
                OwnerManagerId = current.OwnerManagerId,
                CreatedAt = now,
                UpdatedAt = now,
                StageChangedAt = now,
            };
            return new LeadChange(moved, [transition], sale);
        }, cancellationToken).ConfigureAwait(false);
        return change.NewSale!;
    }
}
