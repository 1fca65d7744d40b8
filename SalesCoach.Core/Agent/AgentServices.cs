// Owns the registration of the autonomous agent: recommendations, actions log, interventions, daily plans, inactivity, memory and its jobs.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
        return services;
    }
}
