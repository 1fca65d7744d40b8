using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Leads;
using Job = SalesCoach.Core.Leads.CreateLead;

namespace SalesCoach.Functions.Functions.Pipeline;

/// <summary>POST /api/v1/leads.</summary>
public static class CreateLead
{
    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/api/v1/leads", HandleAsync).WithName(nameof(CreateLead));

    private static async Task<Created<LeadView>> HandleAsync(CreateLeadBody body, Job job, CancellationToken cancellationToken)
    {
        var input = new NewLead(
            LeadInput.Enum<LeadSource>(body.Source, "source"),
            LeadInput.BusinessDomain(body.BusinessDomain),
            LeadInput.Contact(body.Contact?.Name, body.Contact?.Phone, body.Contact?.Email),
            LeadInput.ManagerId(body.OwnerManagerId, "owner_manager_id"));
        var lead = await job.RunAsync(input, cancellationToken);
        return TypedResults.Created($"/api/v1/leads/{lead.Id}", LeadView.Of(lead));
    }
}
