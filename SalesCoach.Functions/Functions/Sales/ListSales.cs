// Owns GET /api/v1/sales.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Sales;
using SalesCoach.Functions.Functions.Leads;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Sales;

public sealed class ListSales(PipelineRepository pipeline)
{
    [Function(nameof(ListSales))]
    [ApiOperation("A page of sales; follow next (null on the last page).", Response = typeof(PageView<SaleView>))]
    [ApiQuery("stage", "string", "new, kyc, agreement, paid or lost.")]
    [ApiQuery("page_size", "integer", "1–100, default 20.")]
    [ApiQuery("continuation", "string", "The next token of the previous page.")]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/sales")] HttpRequest request, CancellationToken cancellationToken)
    {
        var size = QueryValues.Int(request.Query["page_size"], "page_size", defaultValue: 20, min: 1, max: 100);
        var page = await pipeline.ListSalesAsync(LeadInput.OptionalEnum<SaleStage>(request.Query["stage"], "stage"), size, request.Query["continuation"], cancellationToken);
        return TypedResults.Ok(new PageView<SaleView>(page.Items.Select(s => SaleView.Of(s)).ToList(), page.Items.Count, page.Next));
    }
}
