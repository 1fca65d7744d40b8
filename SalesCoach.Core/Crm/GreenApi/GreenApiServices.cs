// Owns the registration of GREEN-API ingestion: its settings, the webhook use case and its tables.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SalesCoach.Core.Crm.GreenApi;

public static class GreenApiServices
{
    public static IServiceCollection AddGreenApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection("GreenApi").Get<GreenApiOptions>() ?? new GreenApiOptions());
        services.AddSingleton<GreenApiAmendments>();
        services.AddSingleton<GreenApiTypeCounter>();
        services.AddSingleton<ReceiveGreenApiWebhook>();
        return services;
    }
}
