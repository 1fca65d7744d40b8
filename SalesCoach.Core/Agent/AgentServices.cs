// Owns the registration of the autonomous agent: recommendations, actions log, interventions, daily plans, inactivity, memory and its jobs.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Agent;

public static class AgentServices
{
    public static IServiceCollection AddAgent(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection("Agent").Get<AgentOptions>() ?? new AgentOptions());
        services.AddSingleton<RecommendationRepository>();
        services.AddSingleton<ActionLog>();
        services.AddSingleton<ActOnRecommendation>();
        services.AddSingleton<ExpireRecommendations>();
        services.AddSingleton<AgentMemory>();
        services.AddSingleton<InterventionRepository>();
        services.AddSingleton(sp => SignalDetector.Load(sp.GetRequiredService<AgentOptions>().ExtraCompetitorNames()));
        services.AddSingleton<InterveneOnInboundMessage>();
        services.AddSingleton<IWinProbability, TeamWinProbability>();
        services.AddSingleton<PlanCandidates>();
        services.AddSingleton<RulePlanner>();
        if ((configuration.GetSection("OpenAI").Get<OpenAiOptions>() ?? new OpenAiOptions()).IsConfigured)
        {
            services.AddSingleton<IDailyPlanner, LlmPlanner>();
        }
        else
        {
            services.AddSingleton<IDailyPlanner>(sp => sp.GetRequiredService<RulePlanner>());
        }
        services.AddSingleton<DailyPlanRepository>();
        services.AddSingleton<CreateDailyPlan>();
        services.AddSingleton<AgentDailyReview>();
        services.AddSingleton<CheckInactivity>();
        services.AddSingleton<RefreshAgentViews>();
        services.AddSingleton<SquadAnalysis>();
        services.AddSingleton<CleanupAgentData>();
        services.AddSingleton<HealthCheck>();
        services.AddSingleton<AgentJobs>();
        services.AddSingleton<Crm.IInboundMessageObserver>(sp => sp.GetRequiredService<InterveneOnInboundMessage>());
        return services;
    }
}
