// Owns GET /api/monitoring/status.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Deals.Runs;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Deals;

public sealed class GetMonitoringStatus(MonitoringRepository monitoring, TimeProvider time)
{
    public sealed record Response(
        bool IsRunning, int? IntervalHours, DateTimeOffset? StartedAt, DateTimeOffset? LastRunAt, string? LastRunId,
        DateTimeOffset? NextRunAt, DateTimeOffset Timestamp);

    [Function(nameof(GetMonitoringStatus))]
    [ApiOperation("Whether periodic monitoring is on, its interval, and its last and next run.", Response = typeof(Response))]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "monitoring/status")] HttpRequest request, CancellationToken cancellationToken)
    {
        var (state, _) = await monitoring.GetAsync(cancellationToken);
        return TypedResults.Ok(new Response(state.IsRunning, state.IntervalHours, state.StartedAt, state.LastRunAt, state.LastRunId, state.NextRunAt, time.GetUtcNow()));
    }
}
