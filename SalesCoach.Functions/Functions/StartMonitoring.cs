using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Job = SalesCoach.Core.Deals.Runs.StartMonitoring;

namespace SalesCoach.Functions.Functions;

/// <summary>POST /api/monitoring/start?interval_hours=24 (seed 000; 1–168 hours, default 24).</summary>
public static class StartMonitoring
{
    public sealed record Response(string Status, int IntervalHours, string Message, DateTimeOffset? NextRunAt);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/monitoring/start", HandleAsync).WithName(nameof(StartMonitoring));

    private static async Task<Ok<Response>> HandleAsync([FromQuery(Name = "interval_hours")] string? intervalHours, Job job, CancellationToken cancellationToken)
    {
        var hours = QueryValues.Int(intervalHours, "interval_hours", defaultValue: 24, min: Job.MinIntervalHours, max: Job.MaxIntervalHours);
        var state = await job.RunAsync(hours, cancellationToken);
        return TypedResults.Ok(new Response("started", hours, $"Deal monitoring started with {hours}h interval", state.NextRunAt));
    }
}
