using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Leads;

namespace SalesCoach.Functions.Functions.Pipeline;

/// <summary>POST /api/v1/leads/{id}/bant {"budget":0–25,"authority":…,"need":…,"timeline":…}: seed 001's automatic qualification.</summary>
public static class AssessLeadBant
{
    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/api/v1/leads/{id}/bant", HandleAsync).WithName(nameof(AssessLeadBant));

    private static async Task<Ok<LeadView>> HandleAsync(string id, BantBody body, AssessBant job, CancellationToken cancellationToken)
    {
        var leadId = LeadInput.Id(id);
        var lead = await job.RunAsync(leadId,
            LeadInput.Range(body.Budget, "budget", 0, AssessBant.MaxPart),
            LeadInput.Range(body.Authority, "authority", 0, AssessBant.MaxPart),
            LeadInput.Range(body.Need, "need", 0, AssessBant.MaxPart),
            LeadInput.Range(body.Timeline, "timeline", 0, AssessBant.MaxPart),
            cancellationToken);
        return TypedResults.Ok(LeadView.Of(lead));
    }
}
