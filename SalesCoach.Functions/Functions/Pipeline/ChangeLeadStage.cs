using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Leads;
using Job = SalesCoach.Core.Leads.ChangeLeadStage;

namespace SalesCoach.Functions.Functions.Pipeline;

/// <summary>PATCH /api/v1/leads/{id}/stage {"stage": "contacted"}: no skipping ("Cannot transition from 'new' to 'qualified'" → 409).</summary>
public static class ChangeLeadStage
{
    public static void Map(IEndpointRouteBuilder app) => app.MapPatch("/api/v1/leads/{id}/stage", HandleAsync).WithName(nameof(ChangeLeadStage));

    private static async Task<Ok<LeadView>> HandleAsync(string id, StageBody body, Job job, CancellationToken cancellationToken)
    {
        var leadId = LeadInput.Id(id);
        var stage = LeadInput.Enum<LeadStage>(body.Stage, "stage");
        var lead = await job.RunAsync(leadId, stage, LeadInput.ManagerId(body.ChangedBy, "changed_by"), body.Reason, cancellationToken);
        return TypedResults.Ok(LeadView.Of(lead));
    }
}
