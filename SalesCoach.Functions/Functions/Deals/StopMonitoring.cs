// Owns POST /api/monitoring/stop.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Functions.Hosting.OpenApi;
using Job = SalesCoach.Core.Deals.Runs.StopMonitoring;

namespace SalesCoach.Functions.Functions.Deals;

public sealed class StopMonitoring(Job job)
{
    public sealed record Response(string Status, string Message);

    [Function(nameof(StopMonitoring))]
    [ApiOperation("Stops periodic monitoring.", Response = typeof(Response))]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "monitoring/stop")] HttpRequest request, CancellationToken cancellationToken)
    {
        await job.RunAsync(cancellationToken);
        return TypedResults.Ok(new Response("stopped", "Deal monitoring stopped"));
    }
}
