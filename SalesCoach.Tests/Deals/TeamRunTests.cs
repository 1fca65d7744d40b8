using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Deals;

/// <summary>The vertical slice on a real Azurite: seed → analyze-all → queue fan-out → fan-in → outbox.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TeamRunTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Analyze_all_fans_out_per_manager_and_completes_with_summaries_and_high_priority_cards()
    {
        await using var app = await TestApp.StartAsync(azurite);
        (await app.Client.PostAsync("/api/demo/seed", null)).EnsureSuccessStatusCode();

        var start = await app.Client.PostAsync("/api/deals/analyze-all", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var body = await app.JsonAsync(start);
        Assert.Equal("queued", body.GetProperty("status").GetString());
        Assert.Equal(3, body.GetProperty("total_managers").GetInt32());
        var runId = body.GetProperty("run_id").GetString()!;
        Assert.Equal($"/api/runs/{runId}", start.Headers.Location!.OriginalString);

        var run = await app.WaitForRunAsync(runId, RunTimeout);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(3, run.GetProperty("done").GetInt32());
        Assert.Equal(0, run.GetProperty("failed").GetInt32());
        Assert.All(run.GetProperty("managers").EnumerateArray(), m => Assert.Equal("done", m.GetProperty("state").GetString()));

        var outbox = await app.Get<OutboxRepository>().ListAsync(null, null, 100, default);
        var summaries = outbox.Where(m => m.Kind == OutboxKind.ManagerSummary).ToList();
        Assert.Equal(["m-anna", "m-ivan", "m-oleg"], summaries.Select(s => s.ManagerId).Order());
        Assert.All(summaries, s => Assert.StartsWith("📊 <b>СВОДКА ПО СДЕЛКАМ</b>", s.Text, StringComparison.Ordinal));
        // The closed demo deal (3002) is not analysed; 1001, 1003, 2002, 3001 are high priority.
        var cards = outbox.Where(m => m.Kind == OutboxKind.DealCard).Select(m => m.DealId).Order().ToList();
        Assert.Equal(["1001", "1003", "2002", "3001"], cards);
        Assert.All(outbox, m => Assert.Equal(OutboxStatus.Pending, m.Status));
    }

    [Fact]
    public async Task A_redelivered_manager_message_changes_nothing()
    {
        await using var app = await TestApp.StartAsync(azurite);
        (await app.Client.PostAsync("/api/demo/seed", null)).EnsureSuccessStatusCode();
        var runId = (await app.JsonAsync(await app.Client.PostAsync("/api/deals/analyze-all", null))).GetProperty("run_id").GetString()!;
        await app.WaitForRunAsync(runId, RunTimeout);
        var before = await app.Get<OutboxRepository>().ListAsync(null, null, 100, default);

        // The same message again, as the host would deliver it after a lost acknowledgement.
        var redelivery = await app.Client.PostAsJsonAsync("/AnalyzeManagerDeals", new
        {
            Data = new { message = JsonSerializer.Serialize(new { run_id = runId, manager_id = "m-ivan" }) },
            Metadata = new { DequeueCount = 2 },
        });
        redelivery.EnsureSuccessStatusCode();

        var run = await app.WaitForRunAsync(runId, RunTimeout);
        Assert.Equal(3, run.GetProperty("done").GetInt32());
        var after = await app.Get<OutboxRepository>().ListAsync(null, null, 100, default);
        Assert.Equal(before.Select(m => m.Id).Order(), after.Select(m => m.Id).Order());
    }

    [Fact]
    public async Task A_team_without_managers_completes_at_once()
    {
        await using var app = await TestApp.StartAsync(azurite, dispatcher: false);
        var body = await app.JsonAsync(await app.Client.PostAsync("/api/deals/analyze-all", null));
        var run = await app.Client.GetFromJsonAsync<JsonElement>($"/api/runs/{body.GetProperty("run_id").GetString()}");
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(0, run.GetProperty("total").GetInt32());
    }
}
