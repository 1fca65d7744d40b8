using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Sales;

namespace SalesCoach.Functions.Functions.Pipeline;

/// <summary>GET /api/v1/dashboard/sales-by-stage: count and amount per stage.</summary>
public static class GetSalesByStage
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/api/v1/dashboard/sales-by-stage", async Task<Ok<IReadOnlyDictionary<string, StageAmount>>> (PipelineDashboard dashboard, CancellationToken cancellationToken) =>
        TypedResults.Ok(await dashboard.SalesByStageAsync(cancellationToken))).WithName(nameof(GetSalesByStage));
}
