// Owns the registration of the lead pipeline: its store (leads, their sales and history), stage changes, BANT, scoring and transfer.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Leads;

public static class LeadsServices
{
    public static IServiceCollection AddLeads(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection("Leads").Get<LeadOptions>() ?? new LeadOptions());
        services.AddSingleton<PipelineRepository>();
        if ((configuration.GetSection("OpenAI").Get<OpenAiOptions>() ?? new OpenAiOptions()).IsConfigured)
        {
            services.AddSingleton<ILeadScorer, LlmLeadScorer>();
        }
        else
        {
            services.AddSingleton<ILeadScorer, RuleLeadScorer>();
        }
        services.AddSingleton<CreateLead>();
        services.AddSingleton<ChangeLeadStage>();
        services.AddSingleton<LogLeadMessages>();
        services.AddSingleton<AssessBant>();
        services.AddSingleton<AnalyzeLead>();
        services.AddSingleton<TransferLead>();
        return services;
    }
}
