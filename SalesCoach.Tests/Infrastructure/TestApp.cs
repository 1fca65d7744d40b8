using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SalesCoach.Functions.Hosting;

namespace SalesCoach.Tests.Infrastructure;

/// <summary>The real handler, started in-process on a free loopback port, against the test Azurite.</summary>
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

    public static async Task<TestApp> StartAsync(AzuriteFixture azurite, bool dispatcher = true, IDictionary<string, string?>? settings = null)
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
            ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }
        var app = SalesCoachApp.Build([], overrides);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestApp(app, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) }, prefix);
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
