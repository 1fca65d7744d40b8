using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Functions.Pipeline;

/// <summary>GET /api/v1/leads/{id}: the lead with its stage history.</summary>
public static class GetLead
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/api/v1/leads/{id}", HandleAsync).WithName(nameof(GetLead));

    private static async Task<Ok<LeadView>> HandleAsync(string id, PipelineRepository pipeline, CancellationToken cancellationToken)
    {
        var leadId = LeadInput.Id(id);
        var lead = await pipeline.GetLeadAsync(leadId, cancellationToken) ?? throw new NotFoundException("Lead", id);
        var history = await pipeline.HistoryAsync(leadId, cancellationToken);
        return TypedResults.Ok(LeadView.Of(lead, history.Where(h => h.Entity == "lead").ToList()));
    }
}
