using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Job = SalesCoach.Core.Deals.CheckStaleDeals;

namespace SalesCoach.Functions.Functions;

/// <summary>POST /api/deals/check-stale?days_threshold=3 (seed 000): urgent alerts for deals idle N+ days.</summary>
public static class CheckStaleDeals
{
    public sealed record Response(string Status, int DaysThreshold, string Message, int ManagersChecked, int StaleDeals, int AlertsQueued);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/deals/check-stale", HandleAsync).WithName(nameof(CheckStaleDeals));

    private static async Task<Ok<Response>> HandleAsync([FromQuery(Name = "days_threshold")] string? daysThreshold, Job job, CancellationToken cancellationToken)
    {
        var days = QueryValues.Int(daysThreshold, "days_threshold", defaultValue: 3, min: Job.MinDays, max: Job.MaxDays);
        var result = await job.RunAsync(days, cancellationToken);
        return TypedResults.Ok(new Response("queued", days, "Stale deals check queued", result.ManagersChecked, result.StaleDeals, result.AlertsQueued));
    }
}
