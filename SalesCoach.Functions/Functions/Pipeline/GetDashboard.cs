using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Sales;

namespace SalesCoach.Functions.Functions.Pipeline;

/// <summary>GET /api/v1/dashboard (totals). The other dashboard views have their own function files.</summary>
public static class GetDashboard
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/api/v1/dashboard", async Task<Ok<DashboardTotals>> (PipelineDashboard dashboard, CancellationToken cancellationToken) =>
        TypedResults.Ok(await dashboard.TotalsAsync(cancellationToken))).WithName(nameof(GetDashboard));
}
