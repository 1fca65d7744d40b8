// Owns GET /api/dashboard-summary: the dashboard's team numbers no other endpoint answers in one call.
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SalesCoach.Core.Dashboard;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Dashboard;

public sealed class GetDashboardSummary(BuildDashboardSummary summary, DashboardGate gate)
{
    public sealed record Response(string Access, DashboardSummaryView Summary);

    [Function(nameof(GetDashboardSummary))]
    [ApiOperation("The dashboard's team numbers: teams and managers, open deals by risk level, stale deals and value at risk per manager, open deals by stage, the SPIN target mix, and the period's team runs with their progress. 'access' says how the caller got in (function_key, token, or loopback_only).", Response = typeof(Response))]
    [ApiQuery("team", "string", "Only this team.")]
    [ApiQuery("manager_id", "string", "Only this manager.")]
    [ApiQuery("from", "string", "Start of the period (runs created in it): a date or a date-time, as in the chat report. Default 7 days before 'to'.")]
    [ApiQuery("to", "string", "End of the period, exclusive. Default now.")]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dashboard-summary")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Who may ask was settled before this ran; the answer says how this caller got in.
        var decision = gate.Decide(request);
        static string? Value(Microsoft.Extensions.Primitives.StringValues value) => string.IsNullOrEmpty(value) ? null : value.ToString();
        var view = await summary.RunAsync(client, Value(request.Query["team"]), Value(request.Query["manager_id"]), Value(request.Query["from"]), Value(request.Query["to"]), cancellationToken);
        return TypedResults.Ok(new Response(decision.Mode, view));
    }
}
