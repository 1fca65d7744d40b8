using Microsoft.Playwright;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Dashboard;

/// <summary>The dashboard in headless Chromium against the demo team: pages load, filters work, numbers lead to their lists.</summary>
public sealed class DashboardPageTests(DashboardBrowser browser) : IClassFixture<DashboardBrowser>
{
    public static TheoryData<string> Pages => new() { "index.html", "managers.html", "operations.html" };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Each_page_loads_with_the_demo_data_without_console_errors_and_is_kept_as_a_screenshot(string file)
    {
        var (page, errors) = await browser.NewPageAsync();
        await browser.OpenAsync(page, file);

        Assert.Empty(errors);
        Assert.Empty(await page.Locator(".error").AllTextContentsAsync());
        Assert.Contains("loopback callers only", await page.Locator("#access").TextContentAsync());
        switch (file)
        {
            case "index.html":
                // The demo team has 6 open deals over 3 managers.
                Assert.Equal("6", await page.Locator("#deal-tiles a").First.TextContentAsync());
                Assert.Equal(3, await page.Locator("#deals-by-manager tbody tr").CountAsync());
                Assert.True(await page.Locator("#risk-chart svg rect").CountAsync() >= 3);
                Assert.True(await page.Locator("#pipeline-chart svg rect").CountAsync() >= 3);
                Assert.True(await page.Locator("#funnel-chart svg").CountAsync() + await page.Locator("#funnel-chart p").CountAsync() == 1);
                break;
            case "managers.html":
                // Yesterday's demo chats: every manager with chats has a row and a SPIN bar, under the plan's bar.
                Assert.True(await page.Locator("#chat-table tbody tr").CountAsync() >= 2);
                Assert.Contains("min", await page.Locator("#chat-table tbody tr").First.TextContentAsync());
                Assert.Contains("Plan", await page.Locator("#spin-chart svg").TextContentAsync());
                break;
            case "operations.html":
                Assert.Contains(browser.RunId[..18], await page.Locator("#runs").TextContentAsync());
                Assert.Contains("3/3", await page.Locator("#runs").TextContentAsync());
                Assert.Equal(5, await page.Locator("#outbox .tile").CountAsync());
                Assert.Contains("amocrm", await page.Locator("#sync").TextContentAsync());
                break;
        }
        var shot = Path.Combine(DashboardBrowser.ArtifactsFolder, Path.GetFileNameWithoutExtension(file) + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 10_000);
        // SALESCOACH_UPDATE_SCREENSHOTS=1 refreshes the README's picture of the overview.
        if (file == "index.html" && Environment.GetEnvironmentVariable("SALESCOACH_UPDATE_SCREENSHOTS") == "1")
        {
            File.Copy(shot, Path.Combine(RepoPaths.Root, "docs", "dashboard.png"), overwrite: true);
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Choosing_a_manager_narrows_the_overview_to_that_manager()
    {
        var (page, errors) = await browser.NewPageAsync();
        await browser.OpenAsync(page, "index.html");
        await page.SelectOptionAsync("#filter-manager", "m-ivan");
        await page.ClickAsync("#filter-apply");
        await page.WaitForURLAsync("**manager_id=m-ivan**");
        await page.WaitForSelectorAsync("body[data-loaded=true]");

        var ivan = (await browser.SummaryAsync("?manager_id=m-ivan")).GetProperty("summary").GetProperty("deals").GetProperty("open").GetInt32();
        Assert.Equal(3, ivan);
        Assert.Equal(ivan.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#deal-tiles a").First.TextContentAsync());
        Assert.Equal(1, await page.Locator("#deals-by-manager tbody tr").CountAsync());
        Assert.Contains("Иван", await page.Locator("#deals-by-manager tbody").TextContentAsync());
        // The one manager's numbers lead straight to his ranked deals.
        Assert.Contains("managers/m-ivan/deals", await page.Locator("#deal-tiles a").First.GetAttributeAsync("href"));
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Chat_numbers_follow_the_manager_and_the_period_chosen()
    {
        var (page, errors) = await browser.NewPageAsync();
        await browser.OpenAsync(page, "managers.html");
        var everyone = await page.Locator("#chat-table tbody tr").CountAsync();
        await page.SelectOptionAsync("#filter-manager", "m-anna");
        await page.ClickAsync("#filter-apply");
        await page.WaitForURLAsync("**manager_id=m-anna**");
        await page.WaitForSelectorAsync("body[data-loaded=true]");
        Assert.True(everyone > 1);
        Assert.Equal(1, await page.Locator("#chat-table tbody tr").CountAsync());
        Assert.Contains("Анна", await page.Locator("#chat-table tbody").TextContentAsync());

        // A period before the demo team existed: no chats and no team runs.
        await page.FillAsync("#filter-from", "2020-01-01");
        await page.FillAsync("#filter-to", "2020-01-08");
        await page.ClickAsync("#filter-apply");
        await page.WaitForURLAsync("**from=2020-01-01**");
        await page.WaitForSelectorAsync("body[data-loaded=true]");
        Assert.Contains("No chats in this period", await page.Locator("#chat-table").TextContentAsync());
        await page.ClickAsync("header nav a:has-text('Operations')");
        await page.WaitForSelectorAsync("body[data-loaded=true]");
        Assert.Contains("from=2020-01-01", page.Url);
        Assert.Contains("No team run in this period", await page.Locator("#runs").TextContentAsync());
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Opened_with_the_token_every_call_and_link_of_the_page_carries_it()
    {
        await using var app = await TestApp.StartAsync(browser.Azurite, settings: new Dictionary<string, string?> { ["Dashboard:Token"] = "s3cret-dashboard" });
        await app.Client.PostAsync("/api/demo/seed?code=s3cret-dashboard", null).ReadJsonAsync();
        var (page, errors) = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(app.Client.BaseAddress!, "/api/dashboard/operations.html?code=s3cret-dashboard").ToString());
        await page.WaitForSelectorAsync("body[data-loaded=true]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(errors);
        Assert.Contains("dashboard token", await page.Locator("#access").TextContentAsync());
        var hrefs = await page.Locator("header nav a, main a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.NotEmpty(hrefs);
        Assert.All(hrefs, href => Assert.Contains("code=s3cret-dashboard", href, StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_number_links_to_a_list_that_answers(string file)
    {
        var (page, _) = await browser.NewPageAsync();
        await browser.OpenAsync(page, file);
        var hrefs = await page.Locator("main a").EvaluateAllAsync<string[]>("links => links.map(a => new URL(a.getAttribute('href'), location.href).href)");
        Assert.NotEmpty(hrefs);
        foreach (var href in hrefs.Distinct())
        {
            if (href.Contains("/api/dashboard/", StringComparison.Ordinal) && href.Contains('#', StringComparison.Ordinal))
            {
                Assert.True(await page.Locator(new Uri(href).Fragment).CountAsync() == 1, $"{href} names no element");
                continue;
            }
            var response = await page.APIRequest.GetAsync(href);
            Assert.True(response.Ok, $"{href} answered {response.Status}");
        }
        await page.Context.CloseAsync();
    }
}
