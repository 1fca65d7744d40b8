using Microsoft.AspNetCore.Http.HttpResults;
using Job = SalesCoach.Core.Deals.Runs.StopMonitoring;

namespace SalesCoach.Functions.Functions;

/// <summary>POST /api/monitoring/stop (seed 000).</summary>
public static class StopMonitoring
{
    public sealed record Response(string Status, string Message);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/monitoring/stop", HandleAsync).WithName(nameof(StopMonitoring));

    private static async Task<Ok<Response>> HandleAsync(Job job, CancellationToken cancellationToken)
    {
        await job.RunAsync(cancellationToken);
        return TypedResults.Ok(new Response("stopped", "Deal monitoring stopped"));
    }
}
