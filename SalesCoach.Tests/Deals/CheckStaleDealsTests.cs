using System.Net;
using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Deals;

[Collection(AzuriteCollection.Name)]
public sealed class CheckStaleDealsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestApp app = null!;

    public async Task InitializeAsync()
    {
        app = await TestApp.StartAsync(azurite);
        (await app.Client.PostAsync("/api/demo/seed", null)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Deals_idle_past_the_threshold_alert_their_managers_once_a_day()
    {
        var body = await app.JsonAsync(await app.Client.PostAsync("/api/deals/check-stale?days_threshold=3", null));
        Assert.Equal("queued", body.GetProperty("status").GetString());
        Assert.Equal(3, body.GetProperty("days_threshold").GetInt32());
        // Demo: 1001 (4 days), 1003 (6), 2002 (7) and 3001 (3, never contacted); 1002 and 2001 are fresh, 3002 is won.
        Assert.Equal(4, body.GetProperty("stale_deals").GetInt32());
        Assert.Equal(3, body.GetProperty("alerts_queued").GetInt32());

        var alerts = (await app.Get<OutboxRepository>().ListAsync(null, null, 10, default)).Where(m => m.Kind == OutboxKind.StaleAlert).ToList();
        var ivan = Assert.Single(alerts, a => a.ManagerId == "m-ivan");
        Assert.True(ivan.Text.IndexOf("Интеграция склада", StringComparison.Ordinal) < ivan.Text.IndexOf("Поставка оборудования", StringComparison.Ordinal),
            "the longest idle deal comes first");
        Assert.Contains("➜ Позвонить клиенту сегодня", ivan.Text, StringComparison.Ordinal);

        var again = await app.JsonAsync(await app.Client.PostAsync("/api/deals/check-stale?days_threshold=3", null));
        Assert.Equal(0, again.GetProperty("alerts_queued").GetInt32());
    }

    [Fact]
    public async Task A_high_threshold_finds_nothing()
    {
        var body = await app.JsonAsync(await app.Client.PostAsync("/api/deals/check-stale?days_threshold=30", null));
        Assert.Equal(0, body.GetProperty("stale_deals").GetInt32());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("366")]
    [InlineData("three")]
    public async Task Threshold_out_of_range_is_400_naming_days_threshold(string days)
    {
        var response = await app.Client.PostAsync($"/api/deals/check-stale?days_threshold={days}", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("days_threshold", (await app.JsonAsync(response)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Analyze_manager_rejects_unknown_and_malformed_ids()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.PostAsync("/api/managers/nobody/analyze-deals", null)).StatusCode);
        var bad = await app.Client.PostAsync("/api/managers/a%20b/analyze-deals", null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("managerId", (await app.JsonAsync(bad)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Analyze_manager_starts_a_run_of_one_like_seed_000()
    {
        var response = await app.Client.PostAsync("/api/managers/m-ivan/analyze-deals", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await app.JsonAsync(response);
        Assert.Equal("Иван Петров", body.GetProperty("manager_name").GetString());
        Assert.Equal("Manager deals analysis queued", body.GetProperty("message").GetString());
        var run = await app.JsonAsync(await app.Client.GetAsync($"/api/runs/{body.GetProperty("run_id").GetString()}"));
        Assert.Equal(1, run.GetProperty("total").GetInt32());
    }
}
