// Owns exporting traces, metrics and logs with OpenTelemetry: to the console when asked, to Azure Monitor when its connection string is set.
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Hosting;

public static class TelemetrySetup
{
    public const string AzureMonitorSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string ConsoleSetting = "Telemetry:Console";

    /// <summary>
    /// The "SalesCoach" ActivitySource and Meter (<see cref="SalesCoachTelemetry"/>): per-function spans and durations,
    /// outbox sent/failed, LLM tokens, CRM sync counts. Nothing is exported unless Telemetry__Console is true or
    /// APPLICATIONINSIGHTS_CONNECTION_STRING is set.
    /// </summary>
    public static IServiceCollection AddSalesCoachTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var console = configuration.GetValue<bool>(ConsoleSetting);
        var azureMonitor = configuration[AzureMonitorSetting];
        var toAzure = !string.IsNullOrWhiteSpace(azureMonitor);
        if (!console && !toAzure)
        {
            return services;
        }
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(SalesCoachTelemetry.Name))
            .WithTracing(tracing =>
            {
                tracing.AddSource(SalesCoachTelemetry.Name);
                if (console)
                {
                    tracing.AddConsoleExporter();
                }
                if (toAzure)
                {
                    tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = azureMonitor);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SalesCoachTelemetry.Name);
                if (console)
                {
                    metrics.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 60_000);
                }
                if (toAzure)
                {
                    metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = azureMonitor);
                }
            });
        if (toAzure)
        {
            // Logs with their scopes (function, invocation, run and manager ids) as dimensions.
            services.AddLogging(logging => logging.AddOpenTelemetry(otel =>
            {
                otel.IncludeScopes = true;
                otel.AddAzureMonitorLogExporter(o => o.ConnectionString = azureMonitor);
            }));
        }
        return services;
    }
}
