// Owns POST /api/deals/check-stale: urgent alerts for deals idle N days or more.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;
using Job = SalesCoach.Core.Deals.CheckStaleDeals;

namespace SalesCoach.Functions.Functions.Deals;

public sealed class CheckStaleDeals(Job job)
{
    public sealed record Response(string Status, int DaysThreshold, string Message, int ManagersChecked, int StaleDeals, int AlertsQueued);

    [Function(nameof(CheckStaleDeals))]
    [ApiOperation("Finds open deals idle for the threshold or longer and queues one urgent alert per manager with each deal's first action. Idempotent per manager, threshold and local day.", Response = typeof(Response))]
    [ApiQuery("days_threshold", "integer", "Idle days (1–365, default 3).")]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "deals/check-stale")] HttpRequest request, CancellationToken cancellationToken)
    {
        var days = QueryValues.Int(request.Query["days_threshold"], "days_threshold", defaultValue: 3, min: Job.MinDays, max: Job.MaxDays);
        var result = await job.RunAsync(days, cancellationToken);
        return TypedResults.Ok(new Response("queued", days, "Stale deals check queued", result.ManagersChecked, result.StaleDeals, result.AlertsQueued));
    }
}
