// Owns the timers of the agent's jobs; each schedule is a setting (Agent__*Schedule).
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Agent;

namespace SalesCoach.Functions.Functions.Agent;

public sealed class AgentTimers(AgentJobs jobs)
{
    [Function("AgentDailyReview")]
    public Task DailyReviewAsync([TimerTrigger("%Agent:DailyReviewSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        jobs.RunAsync("daily_review", manual: false, cancellationToken);

    [Function("AgentInactivityCheck")]
    public Task InactivityAsync([TimerTrigger("%Agent:InactivitySchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        jobs.RunAsync("inactivity_check", manual: false, cancellationToken);

    [Function("AgentViewRefresh")]
    public Task ViewRefreshAsync([TimerTrigger("%Agent:ViewRefreshSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        jobs.RunAsync("view_refresh", manual: false, cancellationToken);

    [Function("AgentExpireRecommendations")]
    public Task ExpiryAsync([TimerTrigger("%Agent:ExpirySchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        jobs.RunAsync("expire_recommendations", manual: false, cancellationToken);

    [Function("AgentSquadAnalysis")]
    public Task SquadAsync([TimerTrigger("%Agent:SquadSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        jobs.RunAsync("squad_analysis", manual: false, cancellationToken);

    [Function("AgentDataCleanup")]
    public Task CleanupAsync([TimerTrigger("%Agent:CleanupSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        jobs.RunAsync("data_cleanup", manual: false, cancellationToken);

    [Function("AgentHealthCheck")]
    public Task HealthAsync([TimerTrigger("%Agent:HealthSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        jobs.RunAsync("health_check", manual: false, cancellationToken);
}
