// Owns POST /api/v1/leads/{id}/bant.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Leads;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Leads;

public sealed class AssessLeadBant(AssessBant job)
{
    [Function(nameof(AssessLeadBant))]
    [ApiOperation("Records a BANT assessment (each part 0–25): a high total qualifies the lead and asks its owner to schedule a meeting.", Body = typeof(BantBody), Response = typeof(LeadView))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/leads/{id}/bant")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var leadId = LeadInput.Id(id);
        var body = await RequestBody.ReadJsonAsync<BantBody>(request, cancellationToken);
        var lead = await job.RunAsync(leadId,
            LeadInput.Range(body.Budget, "budget", 0, AssessBant.MaxPart),
            LeadInput.Range(body.Authority, "authority", 0, AssessBant.MaxPart),
            LeadInput.Range(body.Need, "need", 0, AssessBant.MaxPart),
            LeadInput.Range(body.Timeline, "timeline", 0, AssessBant.MaxPart),
            cancellationToken);
        return TypedResults.Ok(LeadView.Of(lead));
    }
}
