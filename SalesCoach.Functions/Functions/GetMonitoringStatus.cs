using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Deals.Runs;

namespace SalesCoach.Functions.Functions;

/// <summary>GET /api/monitoring/status (seed 000): is_running, interval, last and next run.</summary>
public static class GetMonitoringStatus
{
    public sealed record Response(
        bool IsRunning, int? IntervalHours, DateTimeOffset? StartedAt, DateTimeOffset? LastRunAt, string? LastRunId,
        DateTimeOffset? NextRunAt, DateTimeOffset Timestamp);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/monitoring/status", HandleAsync).WithName(nameof(GetMonitoringStatus));

    private static async Task<Ok<Response>> HandleAsync(MonitoringRepository monitoring, TimeProvider time, CancellationToken cancellationToken)
    {
        var (state, _) = await monitoring.GetAsync(cancellationToken);
        return TypedResults.Ok(new Response(state.IsRunning, state.IntervalHours, state.StartedAt, state.LastRunAt, state.LastRunId, state.NextRunAt, time.GetUtcNow()));
    }
}
