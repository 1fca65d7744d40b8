using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Functions.Pipeline;

/// <summary>GET /api/v1/sales/{id}: the sale with its stage history.</summary>
public static class GetSale
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/api/v1/sales/{id}", HandleAsync).WithName(nameof(GetSale));

    private static async Task<Ok<SaleView>> HandleAsync(string id, PipelineRepository pipeline, CancellationToken cancellationToken)
    {
        var saleId = LeadInput.Id(id);
        var sale = await pipeline.GetSaleAsync(saleId, cancellationToken) ?? throw new NotFoundException("Sale", id);
        var history = await pipeline.HistoryAsync(saleId, cancellationToken);
        return TypedResults.Ok(SaleView.Of(sale, history.Where(h => h.Entity == "sale").ToList()));
    }
}
