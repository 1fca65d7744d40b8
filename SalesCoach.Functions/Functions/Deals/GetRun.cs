// Owns GET /api/runs/{runId}: a team run's progress, read from its orchestration's status.
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SalesCoach.Core.Deals.Runs;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Deals;

public sealed class GetRun
{
    public sealed record Response(
        string Id, string Status, string Trigger, int Total, int Done, int Failed,
        DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, TokenUsage TokenUsage, IReadOnlyList<ManagerProgress> Managers);

    [Function(nameof(GetRun))]
    [ApiOperation("A team run's progress: running, completed or failed; managers done and failed; LLM token usage for the run and per manager.", Response = typeof(Response))]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs/{runId}")] HttpRequest request, string runId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        Keys.RequireId(runId, "runId");
        var run = await TeamRuns.GetAsync(client, runId, cancellationToken) ?? throw new NotFoundException("Run", runId);
        var p = run.Progress;
        return TypedResults.Ok(new Response(run.Id, run.Status, p.Trigger, p.Total, p.Done, p.Failed, p.CreatedAt, p.CompletedAt, p.TokenUsage, p.Managers));
    }
}
