// Owns GET /api/v1/sales/{id}.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Functions.Leads;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Sales;

public sealed class GetSale(PipelineRepository pipeline)
{
    [Function(nameof(GetSale))]
    [ApiOperation("A sale with its stage history.", Response = typeof(SaleView))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/sales/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var saleId = LeadInput.Id(id);
        var sale = await pipeline.GetSaleAsync(saleId, cancellationToken) ?? throw new NotFoundException("Sale", id);
        var history = await pipeline.HistoryAsync(saleId, cancellationToken);
        return TypedResults.Ok(SaleView.Of(sale, history.Where(h => h.Entity == "sale").ToList()));
    }
}
