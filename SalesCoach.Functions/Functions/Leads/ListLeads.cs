// Owns GET /api/v1/leads: filtered, paged.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Leads;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Leads;

public sealed class ListLeads(PipelineRepository pipeline)
{
    [Function(nameof(ListLeads))]
    [ApiOperation("A page of leads, oldest first; follow next (null on the last page).", Response = typeof(PageView<LeadView>))]
    [ApiQuery("stage", "string", "new, contacted, qualified, transferred or lost.")]
    [ApiQuery("source", "string", "scanner, partner or manual.")]
    [ApiQuery("manager_id", "string", "Only this owner's leads.")]
    [ApiQuery("page_size", "integer", "1–100, default 20.")]
    [ApiQuery("continuation", "string", "The next token of the previous page.")]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/leads")] HttpRequest request, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var filter = new LeadFilter(
            LeadInput.OptionalEnum<LeadStage>(query["stage"], "stage"),
            LeadInput.OptionalEnum<LeadSource>(query["source"], "source"),
            LeadInput.ManagerId(query["manager_id"], "manager_id"));
        var size = QueryValues.Int(query["page_size"], "page_size", defaultValue: 20, min: 1, max: 100);
        var page = await pipeline.ListLeadsAsync(filter, size, query["continuation"], cancellationToken);
        return TypedResults.Ok(new PageView<LeadView>(page.Items.Select(l => LeadView.Of(l)).ToList(), page.Items.Count, page.Next));
    }
}
