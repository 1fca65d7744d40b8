using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Demo;
using Job = SalesCoach.Core.Demo.SeedDemoData;

namespace SalesCoach.Functions.Functions;

/// <summary>POST /api/demo/seed: loads the demo team (managers, deals, calls, tasks, stage history). Idempotent.</summary>
public static class SeedDemoData
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/demo/seed", HandleAsync).WithName(nameof(SeedDemoData));

    private static async Task<Ok<SeedDemoDataResult>> HandleAsync(Job job, CancellationToken cancellationToken) =>
        TypedResults.Ok(await job.RunAsync(cancellationToken));
}
