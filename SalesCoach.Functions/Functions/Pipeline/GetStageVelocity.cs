using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Sales;

namespace SalesCoach.Functions.Functions.Pipeline;

/// <summary>GET /api/v1/dashboard/velocity: average and median days in each stage (seed 001).</summary>
public static class GetStageVelocity
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/api/v1/dashboard/velocity", async Task<Ok<IReadOnlyList<StageVelocity>>> (PipelineDashboard dashboard, CancellationToken cancellationToken) =>
        TypedResults.Ok(await dashboard.VelocityAsync(cancellationToken))).WithName(nameof(GetStageVelocity));
}
