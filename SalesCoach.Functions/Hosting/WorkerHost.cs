// Owns the production shape: the Azure Functions isolated worker with the ASP.NET Core integration.
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace SalesCoach.Functions.Hosting;

/// <summary>
/// Under the Functions host (Azure, or `func start` where Core Tools exist) the host starts this
/// process with --functions-uri and drives every trigger over gRPC; Durable orchestrations run in the
/// host's Durable extension.
/// </summary>
public static class WorkerHost
{
    /// <summary>True when a Functions host started this process (it passes its gRPC address).</summary>
    public static bool IsHosted(IReadOnlyList<string> args) =>
        args.Any(a => a.StartsWith("--functions-uri", StringComparison.Ordinal))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("Functions__Worker__HostEndpoint"));

    public static IHost Build(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        AppSettings.Layer(builder.Configuration, readLocalSettings: false);
        SettingsCheck.ThrowIfInvalid(builder.Configuration);
        builder.Logging.AddSalesCoachLogFilters();
        builder.Services.AddSalesCoachFunctions(builder.Configuration, AppContext.BaseDirectory);
        builder.Services.AddSingleton(new HostingMode(Standalone: false));
        builder.UseMiddleware<TelemetryMiddleware>();
        builder.UseMiddleware<ProblemMiddleware>();
        return builder.Build();
    }
}

/// <summary>An HTTP function's exception becomes its problem+json answer, as in standalone mode.</summary>
public sealed class ProblemMiddleware(ILogger<ProblemMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (context.GetHttpContext() is { } http)
        {
            // The ASP.NET Core integration executes an IResult left as the invocation result.
            context.GetInvocationResult().Value = Problems.From(e is AggregateException { InnerException: { } inner } ? inner : e, http, logger);
        }
    }
}

/// <summary>Starting either host: a bad setting ends the process with one line naming it (exit code 3), not a stack trace.</summary>
public static class HostStart
{
    public const int BadSetting = 3;

    public static async Task<int> RunAsync(Func<IHost> build, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var host = build();
            await host.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (SettingsCheck.OneLine(e) is { } line)
        {
            await error.WriteLineAsync(line).ConfigureAwait(false);
            return BadSetting;
        }
    }
}
