// Owns what both modes register besides Core: the function index, host.json settings and JSON options.
using System.Reflection;
using SalesCoach.Core;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Hosting;

public static class FunctionServices
{
    public static IServiceCollection AddSalesCoachFunctions(this IServiceCollection services, IConfiguration configuration, string appRoot)
    {
        services.AddSalesCoachCore(configuration);
        services.AddSingleton(FunctionIndex.Load(appRoot, Assembly.GetExecutingAssembly()));
        services.AddSingleton(HostSettings.Load(appRoot));
        services.AddSingleton<Functions.Dashboard.DashboardGate>();
        services.AddSalesCoachTelemetry(configuration);
        services.ConfigureHttpJsonOptions(options => Json.Configure(options.SerializerOptions));
        return services;
    }

    /// <summary>Request URIs of outgoing calls carry tokens (…/bot&lt;token&gt;/sendMessage): never log them.</summary>
    public static ILoggingBuilder AddSalesCoachLogFilters(this ILoggingBuilder logging)
    {
        logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("DurableTask", LogLevel.Warning);
        logging.AddFilter("Microsoft.DurableTask", LogLevel.Warning);
        logging.AddFilter("Azure.Core", LogLevel.Warning);
        return logging;
    }
}
