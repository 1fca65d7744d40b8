// Owns POST /api/monitoring/start: periodic team runs every N hours.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;
using Job = SalesCoach.Core.Deals.Runs.StartMonitoring;

namespace SalesCoach.Functions.Functions.Deals;

public sealed class StartMonitoring(Job job)
{
    public sealed record Response(string Status, int IntervalHours, string Message, DateTimeOffset? NextRunAt);

    [Function(nameof(StartMonitoring))]
    [ApiOperation("Starts periodic monitoring: a team run every N hours, the first one at once. Survives restarts.", Response = typeof(Response))]
    [ApiQuery("interval_hours", "integer", "Hours between runs (1–168, default 24).")]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "monitoring/start")] HttpRequest request, CancellationToken cancellationToken)
    {
        var hours = QueryValues.Int(request.Query["interval_hours"], "interval_hours", defaultValue: 24, min: Job.MinIntervalHours, max: Job.MaxIntervalHours);
        var state = await job.RunAsync(hours, cancellationToken);
        return TypedResults.Ok(new Response("started", hours, $"Deal monitoring started with {hours}h interval", state.NextRunAt));
    }
}
