using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Sales;

namespace SalesCoach.Functions.Functions.Pipeline;

/// <summary>GET /api/v1/dashboard/conversion-funnel: stage-to-stage conversion from lead "new" to sale "paid".</summary>
public static class GetConversionFunnel
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/api/v1/dashboard/conversion-funnel", async Task<Ok<IReadOnlyList<FunnelStep>>> (PipelineDashboard dashboard, CancellationToken cancellationToken) =>
        TypedResults.Ok(await dashboard.ConversionFunnelAsync(cancellationToken))).WithName(nameof(GetConversionFunnel));
}
