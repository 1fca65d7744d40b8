using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Sales;

namespace SalesCoach.Functions.Functions.Pipeline;

/// <summary>GET /api/v1/dashboard/leads-by-stage.</summary>
public static class GetLeadsByStage
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/api/v1/dashboard/leads-by-stage", async Task<Ok<IReadOnlyDictionary<string, int>>> (PipelineDashboard dashboard, CancellationToken cancellationToken) =>
        TypedResults.Ok(await dashboard.LeadsByStageAsync(cancellationToken))).WithName(nameof(GetLeadsByStage));
}
