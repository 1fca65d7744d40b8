using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Deals.Runs;
using SalesCoach.Core.Managers;

namespace SalesCoach.Functions.Functions;

/// <summary>POST /api/deals/analyze-all (seed 000): starts a team run over every manager; progress at /api/runs/{id}.</summary>
public static class AnalyzeAllDeals
{
    public sealed record Response(string Status, string RunId, int TotalManagers, string Message, DateTimeOffset Timestamp, string StatusUrl);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/deals/analyze-all", HandleAsync).WithName(nameof(AnalyzeAllDeals));

    private static async Task<Accepted<Response>> HandleAsync(ManagerRepository managers, StartTeamRun startTeamRun, CancellationToken cancellationToken)
    {
        var team = await managers.ListAsync(cancellationToken);
        var run = await startTeamRun.StartAsync("analyze-all", team, runId: null, cancellationToken);
        var statusUrl = $"/api/runs/{run.Id}";
        return TypedResults.Accepted(statusUrl, new Response("queued", run.Id, run.Total, "All deals analysis queued", run.CreatedAt, statusUrl));
    }
}
