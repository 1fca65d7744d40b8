// Owns POST /api/deals/analyze-all: a team run over every manager (a Durable orchestration).
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SalesCoach.Core.Deals.Runs;
using SalesCoach.Core.Managers;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Deals;

public sealed class AnalyzeAllDeals(ManagerRepository managers, TeamRuns teamRuns)
{
    public sealed record Response(string Status, string RunId, int TotalManagers, string Message, DateTimeOffset Timestamp, string StatusUrl);

    [Function(nameof(AnalyzeAllDeals))]
    [ApiOperation("Starts a team run: every manager's open deals are analysed in parallel, high-priority cards and then each manager's summary are queued. Progress at the status URL.", Response = typeof(Response), Status = 202)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "deals/analyze-all")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var team = await managers.ListAsync(cancellationToken);
        var run = await teamRuns.StartAsync(client, "analyze-all", team, runId: null, cancellationToken);
        var statusUrl = $"/api/runs/{run.Id}";
        return TypedResults.Accepted(statusUrl, new Response("queued", run.Id, run.Total, "All deals analysis queued", run.CreatedAt, statusUrl));
    }
}
