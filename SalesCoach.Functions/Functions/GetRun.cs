using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Deals.Runs;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Functions;

/// <summary>GET /api/runs/{runId}: a team run's progress, like Durable's status endpoint.</summary>
public static class GetRun
{
    public sealed record ManagerState(string ManagerId, string State, string? Error, TokenUsage TokenUsage);

    public sealed record Response(
        string Id, string Status, string Trigger, int Total, int Done, int Failed,
        DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, TokenUsage TokenUsage, IReadOnlyList<ManagerState> Managers);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/runs/{runId}", HandleAsync).WithName(nameof(GetRun));

    private static async Task<Ok<Response>> HandleAsync(string runId, RunRepository runs, CancellationToken cancellationToken)
    {
        Keys.RequireId(runId, "runId");
        var run = await runs.GetAsync(runId, cancellationToken) ?? throw new NotFoundException("Run", runId);
        var items = await runs.ListItemsAsync(runId, cancellationToken);
        return TypedResults.Ok(new Response(
            run.Id, run.Status.ToString().ToLowerInvariant(), run.Trigger, run.Total, run.Done, run.Failed, run.CreatedAt, run.CompletedAt, run.Usage,
            items.Select(i => new ManagerState(i.ManagerId, i.State.ToString().ToLowerInvariant(), i.Error, i.Usage)).ToList()));
    }
}
