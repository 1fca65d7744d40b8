// Owns POST /api/v1/leads/{id}/analyze.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Leads;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;
using Job = SalesCoach.Core.Leads.AnalyzeLead;

namespace SalesCoach.Functions.Functions.Leads;

public sealed class AnalyzeLead(Job job)
{
    [Function(nameof(AnalyzeLead))]
    [ApiOperation("Scores a lead 0–1 with a recommendation (lost, continue nurturing, transfer to sales) and the reason; the LLM when configured, explainable rules otherwise. The same input is answered from cache.", Response = typeof(AnalysisView))]
    [ApiQuery("force", "boolean", "Score again even if a fresh score exists.")]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/leads/{id}/analyze")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var leadId = LeadInput.Id(id);
        var result = await job.RunAsync(leadId, QueryValues.Bool(request.Query["force"], "force", defaultValue: false), cancellationToken);
        var score = result.Score;
        return TypedResults.Ok(new AnalysisView(score.Score, score.Recommendation, score.Reason, score.Source, score.AnalyzedAt, result.Cached));
    }
}
