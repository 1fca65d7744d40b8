using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Sales;

namespace SalesCoach.Functions.Functions.Pipeline;

/// <summary>GET /api/v1/sales?stage=&amp;page_size=&amp;continuation=.</summary>
public static class ListSales
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/api/v1/sales", HandleAsync).WithName(nameof(ListSales));

    private static async Task<Ok<PageView<SaleView>>> HandleAsync(
        [FromQuery(Name = "stage")] string? stage, [FromQuery(Name = "page_size")] string? pageSize, [FromQuery(Name = "continuation")] string? continuation,
        PipelineRepository pipeline, CancellationToken cancellationToken)
    {
        var size = QueryValues.Int(pageSize, "page_size", defaultValue: 20, min: 1, max: 100);
        var page = await pipeline.ListSalesAsync(LeadInput.OptionalEnum<SaleStage>(stage, "stage"), size, continuation, cancellationToken);
        return TypedResults.Ok(new PageView<SaleView>(page.Items.Select(s => SaleView.Of(s)).ToList(), page.Items.Count, page.Next));
    }
}
