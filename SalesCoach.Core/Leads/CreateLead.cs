// Owns creating a lead at stage new.
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Leads;

public sealed record NewLead(LeadSource Source, string? BusinessDomain, LeadContact? Contact, string? OwnerManagerId);

/// <summary>POST /api/v1/leads: a lead enters at stage "new".</summary>
public sealed class CreateLead(PipelineRepository pipeline, ManagerRepository managers, TimeProvider time)
{
    public async Task<Lead> RunAsync(NewLead input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.OwnerManagerId is { } owner && await managers.GetAsync(owner, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new UnprocessableException("owner_manager_id", $"Manager '{owner}' does not exist.");
        }
        var now = time.GetUtcNow();
        var lead = new Lead
        {
            Id = await pipeline.NextLeadIdAsync(cancellationToken).ConfigureAwait(false),
            Source = input.Source,
            Stage = LeadStage.New,
            BusinessDomain = input.BusinessDomain,
            Contact = input.Contact,
            OwnerManagerId = input.OwnerManagerId,
            CreatedAt = now,
            UpdatedAt = now,
            StageChangedAt = now,
        };
        await pipeline.AddLeadAsync(lead, cancellationToken).ConfigureAwait(false);
        return lead;
    }
}
