// Owns GET /api/agent/actions/summary: the agent's automatic actions per day and type with their success rate.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Agent;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Agent;

public sealed class GetActionsSummary(ActionLog log)
{
    [Function(nameof(GetActionsSummary))]
    [ApiOperation("The agent's automatic actions of the last N days per UTC day and action type: count, successful, success rate (%), last execution; newest day first, then most frequent.", Response = typeof(ActionsSummary))]
    [ApiQuery("days", "integer", "1–90, default 7.")]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "agent/actions/summary")] HttpRequest request, CancellationToken cancellationToken)
    {
        var days = QueryValues.Int(request.Query["days"], "days", defaultValue: 7, min: 1, max: 90);
        return TypedResults.Ok(new ActionsSummary(days, await log.SummaryAsync(days, cancellationToken)));
    }
}
