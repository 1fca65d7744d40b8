// Owns GET /api/v1/leads/{id}.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Leads;

public sealed class GetLead(PipelineRepository pipeline)
{
    [Function(nameof(GetLead))]
    [ApiOperation("A lead with its stage history.", Response = typeof(LeadView))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/leads/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var leadId = LeadInput.Id(id);
        var lead = await pipeline.GetLeadAsync(leadId, cancellationToken) ?? throw new NotFoundException("Lead", id);
        var history = await pipeline.HistoryAsync(leadId, cancellationToken);
        return TypedResults.Ok(LeadView.Of(lead, history.Where(h => h.Entity == "lead").ToList()));
    }
}
