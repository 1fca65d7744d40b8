// Owns PATCH /api/v1/leads/{id}/stage.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Leads;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;
using Job = SalesCoach.Core.Leads.ChangeLeadStage;

namespace SalesCoach.Functions.Functions.Leads;

public sealed class ChangeLeadStage(Job job)
{
    [Function(nameof(ChangeLeadStage))]
    [ApiOperation("Moves a lead one step (new → contacted → qualified) or to lost; skipping a stage or going back is a 409.", Body = typeof(StageBody), Response = typeof(LeadView))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "patch", Route = "v1/leads/{id}/stage")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var leadId = LeadInput.Id(id);
        var body = await RequestBody.ReadJsonAsync<StageBody>(request, cancellationToken);
        var stage = LeadInput.Enum<LeadStage>(body.Stage, "stage");
        var lead = await job.RunAsync(leadId, stage, LeadInput.ManagerId(body.ChangedBy, "changed_by"), body.Reason, cancellationToken);
        return TypedResults.Ok(LeadView.Of(lead));
    }
}
