// Owns POST /api/managers/{managerId}/analyze-deals: a team run of one manager.
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SalesCoach.Core.Deals.Runs;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Deals;

public sealed class AnalyzeManager(ManagerRepository managers, TeamRuns teamRuns)
{
    public sealed record Response(string Status, string ManagerId, string ManagerName, string Message, string RunId, string StatusUrl);

    [Function(nameof(AnalyzeManager))]
    [ApiOperation("Analyses one manager's open deals as a team run of one; progress at the status URL.", Response = typeof(Response), Status = 202)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "managers/{managerId}/analyze-deals")] HttpRequest request, string managerId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        Keys.RequireId(managerId, "managerId");
        var manager = await managers.GetAsync(managerId, cancellationToken) ?? throw new NotFoundException("Manager", managerId);
        var run = await teamRuns.StartAsync(client, "manager", [manager], runId: null, cancellationToken);
        var statusUrl = $"/api/runs/{run.Id}";
        return TypedResults.Accepted(statusUrl, new Response("queued", manager.Id, manager.Name, "Manager deals analysis queued", run.Id, statusUrl));
    }
}
