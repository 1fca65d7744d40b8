using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SalesCoach.Core.Deals.Runs;
using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Deals;

/// <summary>The vertical slice on a real Azurite: seed → analyze-all → orchestration fan-out → fan-in → summaries in the outbox.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TeamRunTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Analyze_all_fans_out_per_manager_and_completes_with_summaries_and_high_priority_cards()
    {
        await using var app = await TestApp.StartAsync(azurite, dispatcher: true);
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
        // Each in the manager's language: Oleg reads Ukrainian.
        Assert.All(summaries.Where(s => s.ManagerId != "m-oleg"), s => Assert.StartsWith("📊 <b>СВОДКА ПО СДЕЛКАМ</b>", s.Text, StringComparison.Ordinal));
        Assert.StartsWith("📊 <b>ЗВЕДЕННЯ ЗА УГОДАМИ</b>", summaries.Single(s => s.ManagerId == "m-oleg").Text, StringComparison.Ordinal);
        Assert.Contains("у роботі 1 угода", summaries.Single(s => s.ManagerId == "m-oleg").Text, StringComparison.Ordinal);
        // The closed demo deal (3002) is not analysed; 1001, 1003, 2002, 3001 are high priority.
        var cards = outbox.Where(m => m.Kind == OutboxKind.DealCard).Select(m => m.DealId).Order().ToList();
        Assert.Equal(["1001", "1003", "2002", "3001"], cards);
        Assert.All(outbox, m => Assert.Equal(OutboxStatus.Pending, m.Status));
    }

    [Fact]
    public async Task Running_a_managers_activity_again_changes_nothing()
    {
        await using var app = await TestApp.StartAsync(azurite, dispatcher: true);
        (await app.Client.PostAsync("/api/demo/seed", null)).EnsureSuccessStatusCode();
        var runId = (await app.JsonAsync(await app.Client.PostAsync("/api/deals/analyze-all", null))).GetProperty("run_id").GetString()!;
        await app.WaitForRunAsync(runId, RunTimeout);
        var before = await app.Get<OutboxRepository>().ListAsync(null, null, 100, default);

        // Durable delivers an activity at least once: the same manager's share again, as after a lost acknowledgement.
        var again = await app.Get<AnalyzeManagerDeals>().RunAsync(new ManagerRunInput(runId, "m-ivan"), default);
        await app.Get<QueueManagerSummary>().RunAsync(new ManagerSummaryInput(runId, "m-ivan", again.Summary), default);

        var after = await app.Get<OutboxRepository>().ListAsync(null, null, 100, default);
        Assert.Equal(before.Select(m => m.Id).Order(), after.Select(m => m.Id).Order());
        var run = await app.WaitForRunAsync(runId, RunTimeout);
        Assert.Equal(3, run.GetProperty("done").GetInt32());
    }

    [Fact]
    public async Task A_team_without_managers_completes_with_nothing_to_do()
    {
        await using var app = await TestApp.StartAsync(azurite, dispatcher: true);
        var body = await app.JsonAsync(await app.Client.PostAsync("/api/deals/analyze-all", null));
        var run = await app.WaitForRunAsync(body.GetProperty("run_id").GetString()!, RunTimeout);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(0, run.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_unknown_run_is_404_problem()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var response = await app.Client.GetAsync("/api/runs/no-such-run");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
