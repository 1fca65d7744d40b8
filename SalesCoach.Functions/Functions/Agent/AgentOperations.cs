// Owns running an agent job now, the health report, the agent's memory and its precomputed dashboard.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Agent;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Agent;

public sealed record TriggerBody(string? JobName);

public sealed record MemoryView(string ManagerId, int Count, IReadOnlyList<MemoryTypeSummary> Summary, IReadOnlyList<MemoryFact> Facts);

public sealed class AgentOperations(AgentJobs jobs, HealthCheck health, AgentMemory memory, RefreshAgentViews views)
{
    [Function("TriggerAgentJob")]
    [ApiOperation("Runs one agent job now: daily_review (every manager's plan for today), inactivity_check, view_refresh, expire_recommendations, squad_analysis, data_cleanup or health_check. Answers {success, job, timestamp, detail}; an unknown job_name is a 400 listing the names.", Body = typeof(TriggerBody), Response = typeof(JobTriggered))]
    public async Task<IResult> TriggerAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "agent/jobs/trigger")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<TriggerBody>(request, cancellationToken);
        return TypedResults.Ok(await jobs.RunAsync(body.JobName, manual: true, cancellationToken));
    }

    [Function("GetHealth")]
    [ApiOperation("Health: storage (and its answer time), queues with their poison counts, the outbox backlog, and each agent job's last run. 200 when healthy or degraded (problems listed), 503 when storage does not answer.", Response = typeof(HealthReport))]
    public async Task<IResult> HealthAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken cancellationToken)
    {
        IReadOnlyList<JobRun> runs;
        try
        {
            runs = await jobs.LastRunsAsync(cancellationToken);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException)
        {
            runs = [];
        }
        var report = await health.RunAsync(runs, cancellationToken);
        return TypedResults.Json(report, Json.Options, statusCode: report.Status == "unhealthy" ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    [Function("GetAgentMemory")]
    [ApiOperation("What the agent learned for a manager: facts about their clients (objections raised, competitors named, buying intent, preferences) with type, importance, occurrences and access count, most important first; and the summary per memory type.", Response = typeof(MemoryView))]
    [ApiQuery("manager_id", "string", "The manager.", Required = true)]
    public async Task<IResult> MemoryAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "agent/memory")] HttpRequest request, CancellationToken cancellationToken)
    {
        var managerId = Keys.RequireId(request.Query["manager_id"], "manager_id");
        var facts = await memory.ListAsync(managerId, cancellationToken);
        return TypedResults.Ok(new MemoryView(managerId, facts.Count, AgentMemory.Summarise(facts), facts));
    }

    [Function("GetAgentDashboard")]
    [ApiOperation("The agent's dashboard as of its last refresh (every 6 hours, or view_refresh by hand): actions summary, daily review performance, memory summary, recommendation outcomes. 404 before the first refresh.", Response = typeof(AgentDashboard))]
    public async Task<IResult> DashboardAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "agent/dashboard")] HttpRequest request, CancellationToken cancellationToken) =>
        TypedResults.Ok(await views.GetAsync(cancellationToken) ?? throw new NotFoundException("Agent dashboard", "dashboard"));
}
