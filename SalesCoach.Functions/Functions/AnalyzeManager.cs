using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Deals.Runs;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Functions;

/// <summary>POST /api/managers/{managerId}/analyze-deals (seed 000, "Analyze Manager's Deals"): a team run of one.</summary>
public static class AnalyzeManager
{
    public sealed record Response(string Status, string ManagerId, string ManagerName, string Message, string RunId, string StatusUrl);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/managers/{managerId}/analyze-deals", HandleAsync).WithName(nameof(AnalyzeManager));

    private static async Task<Accepted<Response>> HandleAsync(string managerId, ManagerRepository managers, StartTeamRun startTeamRun, CancellationToken cancellationToken)
    {
        Keys.RequireId(managerId, "managerId");
        var manager = await managers.GetAsync(managerId, cancellationToken) ?? throw new NotFoundException("Manager", managerId);
        var run = await startTeamRun.StartAsync("manager", [manager], runId: null, cancellationToken);
        var statusUrl = $"/api/runs/{run.Id}";
        return TypedResults.Accepted(statusUrl, new Response("queued", manager.Id, manager.Name, "Manager deals analysis queued", run.Id, statusUrl));
    }
}
