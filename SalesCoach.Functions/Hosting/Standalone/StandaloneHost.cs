// Owns standalone mode: one process serving the functions of functions.metadata where Azure Functions Core Tools are absent.
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.DurableTask.Client;
using SalesCoach.Functions.Functions.Dashboard;

namespace SalesCoach.Functions.Hosting.Standalone;

/// <summary>
/// A small local stand-in for the Functions host, as Azurite stands in for Storage: Kestrel on
/// loopback serves every HTTP function at its route (host.json routePrefix), <see cref="TimerTriggers"/>
/// fires the timers, <see cref="QueueTriggers"/> pumps the queues, and <see cref="DurableEngine"/> runs
/// the orchestrations, all from functions.metadata. A route the host would ask a function key of (authLevel
/// "function" or "admin") asks for <c>Dashboard__Token</c> here (<c>?code=</c> or <c>x-functions-key</c>),
/// and with no token set answers loopback callers only (<see cref="DashboardGate"/>); anonymous routes (the
/// webhooks, which check their senders' secrets, and health) answer anyone.
/// </summary>
public static class StandaloneHost
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <param name="configureServices">Changes after the app's registrations (tests point outgoing clients at loopback fakes).</param>
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        AppSettings.Layer(builder.Configuration, readLocalSettings: true);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }
        SettingsCheck.ThrowIfInvalid(builder.Configuration);
        builder.WebHost.UseUrls(builder.Configuration["SalesCoach:StandaloneUrls"] ?? DefaultUrl);
        builder.Logging.AddSalesCoachLogFilters();
        // Scopes carry the function name and invocation id, and in a team run the run and manager ids.
        builder.Logging.AddSimpleConsole(console => console.IncludeScopes = true);

        var appRoot = builder.Configuration["SalesCoach:AppRoot"] ?? AppContext.BaseDirectory;
        builder.Services.AddSalesCoachFunctions(builder.Configuration, appRoot);
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(new HostingMode(Standalone: true));
        configureServices?.Invoke(builder.Services);
        builder.Services.AddSingleton<DurableEngine>();
        builder.Services.AddSingleton<DurableTaskClient>(sp => sp.GetRequiredService<DurableEngine>().Client);
        builder.Services.AddSingleton<FunctionInvoker>();
        // "off": HTTP only. Orchestrations can still be started and read, another process runs them.
        if (!string.Equals(builder.Configuration["SalesCoach:Dispatcher"], "off", StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<DurableEngine>());
            builder.Services.AddHostedService<TimerTriggers>();
            builder.Services.AddHostedService<QueueTriggers>();
            if (builder.Configuration.GetValue<bool>("Bot:Polling"))
            {
                builder.Services.AddHostedService<TelegramPolling>();
            }
        }

        var app = builder.Build();
        var index = app.Services.GetRequiredService<FunctionIndex>();
        foreach (var function in index.Functions)
        {
            FunctionInvoker.Validate(function);
        }
        app.UseStatusCodePages(context => Problems.Result(
            context.HttpContext.Response.StatusCode,
            context.HttpContext.Response.StatusCode == StatusCodes.Status405MethodNotAllowed ? "Method not allowed" : "Not found",
            $"No function answers {context.HttpContext.Request.Method} {context.HttpContext.Request.Path}.",
            null, context.HttpContext.Request.Path).ExecuteAsync(context.HttpContext));
        MapHttpFunctions(app, index, app.Services.GetRequiredService<HostSettings>().RoutePrefix);
        return app;
    }

    /// <summary>The address Kestrel listens on (the first one).</summary>
    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    private static void MapHttpFunctions(WebApplication app, FunctionIndex index, string routePrefix)
    {
        var invoker = app.Services.GetRequiredService<FunctionInvoker>();
        var gate = app.Services.GetRequiredService<DashboardGate>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SalesCoach.Functions.Http");
        foreach (var function in index.OfKind(TriggerKind.Http))
        {
            var pattern = RoutePatternFactory.Parse("/" + string.Join('/', new[] { routePrefix, function.Route ?? function.Name }.Where(p => p.Length > 0)));
            var keyed = !string.Equals(function.AuthLevel, "anonymous", StringComparison.OrdinalIgnoreCase);
            app.MapMethods(pattern.RawText!, function.Methods, async context =>
            {
                if (keyed && gate.Check(context.Request).Refusal is { } refusal)
                {
                    await refusal.ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }
                IResult result;
                try
                {
                    result = (IResult?)await invoker.InvokeAsync(function, context.RequestServices, new TriggerInput(context.Request), context, context.RequestAborted).ConfigureAwait(false)
                        ?? TypedResults.NoContent();
                }
                catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    result = Problems.From(e, context, logger);
                }
                await result.ExecuteAsync(context).ConfigureAwait(false);
            }).WithName(function.Name);
        }
    }
}
