using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SalesCoach.Functions.Hosting.Standalone;

namespace SalesCoach.Tests.Infrastructure;

/// <summary>The app in standalone mode (HTTP, timers, queues, Durable engine), started in-process on a free loopback port, against the test Azurite.</summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestApp(WebApplication app, HttpClient client, string prefix)
    {
        this.app = app;
        Client = client;
        Prefix = prefix;
    }

    public HttpClient Client { get; }
    public string Prefix { get; }
    public IServiceProvider Services => app.Services;

    /// <param name="dispatcher">Run timers, queues and orchestrations too (off: HTTP only, which starts and stops faster).</param>
    /// <param name="configureServices">Changes after the app's registrations, e.g. trusting a loopback fake's certificate.</param>
    public static async Task<TestApp> StartAsync(AzuriteFixture azurite, bool dispatcher = false, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var prefix = AzuriteFixture.NewPrefix();
        var overrides = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["SalesCoach:StoragePrefix"] = prefix,
            ["SalesCoach:StandaloneUrls"] = "http://127.0.0.1:0",
            ["SalesCoach:Dispatcher"] = dispatcher ? "on" : "off",
            ["SalesCoach:OutboxSchedule"] = "*/1 * * * * *",
            ["Telegram:BotToken"] = "",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }
        var app = StandaloneHost.Build([], overrides, configureServices);
        await app.StartAsync();
        return new TestApp(app, new HttpClient { BaseAddress = StandaloneHost.Address(app), Timeout = TimeSpan.FromSeconds(60) }, prefix);
    }

    public T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    public async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls GET /api/runs/{id} until the run completes or the timeout passes.</summary>
    public async Task<JsonElement> WaitForRunAsync(string runId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var run = await Client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
            if (run.GetProperty("status").GetString() == "completed" || DateTime.UtcNow > deadline)
            {
                return run;
            }
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
