using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Dashboard;

/// <summary>
/// The app in standalone mode with the demo team and one finished team run, and Debian's Chromium
/// (never a downloaded browser) driven by Playwright. Shared by the dashboard's browser tests.
/// Missing Chromium fails the tests: scripts/test.sh installs it (apt-get install chromium).
/// </summary>
public sealed class DashboardBrowser : IAsyncLifetime
{
    /// <summary>Where Chromium is: CHROMIUM_PATH, else Debian's package.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Screenshots of each page, kept as test artefacts.</summary>
    public static string ArtifactsFolder => Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard");

    private readonly AzuriteFixture azurite = new();

    /// <summary>The Azurite this fixture started (or the one SALESCOACH_TEST_STORAGE names), for a test's own app.</summary>
    public AzuriteFixture Azurite => azurite;
    private IPlaywright? playwright;

    public TestApp App { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string RunId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not at {ChromiumPath}: install Debian's package (apt-get install -y chromium; scripts/test.sh does it) or set CHROMIUM_PATH.");
        }
        await azurite.InitializeAsync();
        App = await TestApp.StartAsync(azurite, dispatcher: true);
        await App.Client.PostAsync("/api/demo/seed", null).ReadJsonAsync();
        var run = await App.Client.PostAsync("/api/deals/analyze-all", null).ReadJsonAsync();
        RunId = run.GetProperty("run_id").GetString()!;
        var done = await App.WaitForRunAsync(RunId, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", done.GetProperty("status").GetString());

        await AddLeadsAsync();

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The machine's network is closed: without these Chromium keeps calling Google's hosts.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ArtifactsFolder);
    }

    /// <summary>A small lead pipeline for the funnel and the velocity: four leads, moved on through the API.</summary>
    private async Task AddLeadsAsync()
    {
        string[] path = ["contacted", "qualified"];
        var steps = new[] { 0, 1, 2, 2 };
        for (var i = 0; i < steps.Length; i++)
        {
            var lead = await App.Client.PostAsJsonAsync("/api/v1/leads", new
            {
                source = "manual",
                business_domain = "first",
                contact = new { name = $"Client {i + 1}", phone = $"7700100200{i}", email = $"client{i + 1}@example.com" },
                owner_manager_id = i % 2 == 0 ? "m-ivan" : "m-anna",
            }).ReadJsonAsync();
            var id = lead.GetProperty("id").GetRawText();
            foreach (var stage in path.Take(steps[i]))
            {
                await App.Client.PatchAsJsonAsync($"/api/v1/leads/{id}/stage", new { stage, changed_by = "m-ivan", reason = "dashboard test" }).ReadJsonAsync();
            }
        }
    }

    /// <summary>A new page that records every console error and uncaught exception.</summary>
    public async Task<(IPage Page, List<string> Errors)> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "en-US" });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.RequestFailed += (_, request) => errors.Add($"{request.Url}: {request.Failure}");
        return (page, errors);
    }

    /// <summary>Opens a dashboard page and waits until its script says it has drawn everything.</summary>
    public async Task OpenAsync(IPage page, string file, string query = "")
    {
        await page.GotoAsync(new Uri(App.Client.BaseAddress!, "/api/dashboard/" + file + query).ToString());
        await page.WaitForSelectorAsync("body[data-loaded=true]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    public async Task<JsonElement> SummaryAsync(string query = "") =>
        await App.Client.GetFromJsonAsync<JsonElement>("/api/dashboard-summary" + query);

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
        await azurite.DisposeAsync();
    }
}
