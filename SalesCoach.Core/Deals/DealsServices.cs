// Owns the registration of deal coaching: stores, rule and LLM coaches, analysis, stale checks, team runs and monitoring.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Deals.Forecast;
using SalesCoach.Core.Deals.Runs;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals;

public static class DealsServices
{
    public static IServiceCollection AddDeals(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<DealRepository>();
        services.AddSingleton<ActivityRepository>();
        services.AddSingleton<AnalysisRepository>();
        services.AddSingleton(configuration.GetSection("Coaching").Get<RuleCoachOptions>() ?? new RuleCoachOptions());
        services.AddSingleton<RuleCoach>();
        var attention = configuration.GetSection("Coaching").Get<AttentionOptions>() ?? new AttentionOptions();
        attention.Validate();
        services.AddSingleton(attention);
        services.AddSingleton(configuration.GetSection("Coaching").Get<WinModelOptions>() ?? new WinModelOptions());
        services.AddSingleton<WinModelFitter>();
        services.AddSingleton<WinModelRepository>();
        services.AddSingleton<WinModels>();
        services.AddSingleton<FitWinModel>();
        services.AddSingleton<DealAssessor>();
        services.AddSingleton<DealRankings>();
        services.AddSingleton<CoachingCacheRepository>();
        if ((configuration.GetSection("OpenAI").Get<OpenAiOptions>() ?? new OpenAiOptions()).IsConfigured)
        {
            services.AddSingleton<ICoach, LlmCoach>();
        }
        else
        {
            services.AddSingleton<ICoach>(sp => sp.GetRequiredService<RuleCoach>());
        }
        services.AddSingleton<AnalyzeDeal>();
        services.AddSingleton<CheckStaleDeals>();

        services.AddSingleton(configuration.GetSection("DailyReview").Get<DailyReviewOptions>() ?? new DailyReviewOptions());
        services.AddSingleton<RunClaims>();
        services.AddSingleton<TeamRuns>();
        services.AddSingleton<AnalyzeManagerDeals>();
        services.AddSingleton<QueueManagerSummary>();
        services.AddSingleton<DailyReview>();
        services.AddSingleton<MonitoringRepository>();
        services.AddSingleton<StartMonitoring>();
        services.AddSingleton<StopMonitoring>();
        services.AddSingleton<MonitoringTick>();
        return services;
    }
}
