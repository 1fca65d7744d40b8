using Microsoft.Extensions.Configuration.Memory;
using SalesCoach.Core;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Functions;

namespace SalesCoach.Functions.Hosting;

/// <summary>
/// Builds the handler. Under the Functions host (FUNCTIONS_CUSTOMHANDLER_PORT set) it only serves
/// invocations and forwarded HTTP requests on that port; without it (standalone) it also runs the
/// local trigger dispatcher and listens on SalesCoach:StandaloneUrls (default http://127.0.0.1:7071).
/// </summary>
public static class SalesCoachApp
{
    public const string DefaultStandaloneUrl = "http://127.0.0.1:7071";

    /// <summary>Settings that function.json binding expressions rely on, with the values used when none is given.</summary>
    public static IReadOnlyDictionary<string, string?> Defaults { get; } = new Dictionary<string, string?>
    {
        ["SalesCoach:StoragePrefix"] = "sc",
        ["SalesCoach:OutboxSchedule"] = "*/5 * * * * *",
    };

    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // local.settings.json sits below environment variables and arguments, as with Core Tools;
        // the defaults sit below everything.
        var local = LocalSettings.Read(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = local });
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        var port = builder.Configuration["FUNCTIONS_CUSTOMHANDLER_PORT"];
        var standalone = string.IsNullOrWhiteSpace(port);
        builder.WebHost.UseUrls(standalone ? builder.Configuration["SalesCoach:StandaloneUrls"] ?? DefaultStandaloneUrl : $"http://127.0.0.1:{port}");

        // Request URIs of outgoing calls carry the bot token (…/bot<token>/sendMessage): never log them.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        builder.Services.AddSalesCoachCore(builder.Configuration);
        builder.Services.ConfigureHttpJsonOptions(options => Json.Configure(options.SerializerOptions));
        builder.Services.AddProblemDetails();
        // Binding failures (malformed JSON, wrong types) reach ProblemExceptionHandler, which names the field.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "SalesCoach API";
            document.Info.Description = "Deal coaching (seed 000), team runs, monitoring, and the lead → sale pipeline (seeds 001, 003). Errors are RFC 9457 problem+json.";
            return Task.CompletedTask;
        }));
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddSingleton(new FunctionCatalog(builder.Configuration["SalesCoach:AppRoot"] ?? AppContext.BaseDirectory));
        if (standalone && !string.Equals(builder.Configuration["SalesCoach:Dispatcher"], "off", StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddHttpClient(nameof(StandaloneDispatcher), client => client.Timeout = TimeSpan.FromMinutes(10));
            builder.Services.AddHostedService<StandaloneDispatcher>();
        }

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        FunctionEndpoints.Map(app);
        // Function "GetOpenApiDocument": the OpenAPI document of every HTTP function.
        app.MapOpenApi("/api/openapi/{documentName}.json").WithName("GetOpenApiDocument");
        return app;
    }
}
