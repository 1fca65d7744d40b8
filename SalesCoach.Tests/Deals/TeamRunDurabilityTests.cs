using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Deals.Runs;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SalesCoach.Tests.Deals;

/// <summary>The team run orchestration on the standalone engine and a real Azurite: kills, failures, concurrency.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TeamRunDurabilityTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_run_killed_mid_way_completes_after_a_restart_without_analysing_finished_managers_again()
    {
        await using var openAi = await FakeAzureOpenAiServer.StartNewAsync();
        openAi.Latency = TimeSpan.FromMilliseconds(300);
        var storage = azurite.NewAccount(out var prefix);
        const int managers = 6, dealsEach = 4;
        await SeedTeamAsync(storage, managers, dealsEach);
        // One manager at a time, so the kill lands between managers and after some of them.
        var root = AppProcess.AppRoot(host => host["extensions"]!["durableTask"]!["maxConcurrentActivityFunctions"] = 1);
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["SalesCoach:StoragePrefix"] = prefix,
            ["SalesCoach:AppRoot"] = root,
            ["OpenAI:Endpoint"] = openAi.BaseAddress.ToString(),
            ["OpenAI:Deployment"] = FakeAzureOpenAiServer.Deployment,
            ["OpenAI:ApiKey"] = FakeAzureOpenAiServer.Key,
            ["OpenAI:MaxConcurrency"] = "1",
        };

        string runId;
        List<string> doneBeforeKill;
        var killedAt = Stopwatch.StartNew();
        await using (var first = await AppProcess.StartAsync(settings))
        {
            runId = (await first.Client.PostAsync("/api/deals/analyze-all", null).ReadJsonAsync()).GetProperty("run_id").GetString()!;
            var run = await PollAsync(first.Client, runId, r => r.GetProperty("done").GetInt32() >= 2);
            first.Kill();
            killedAt.Restart();
            doneBeforeKill = run.GetProperty("managers").EnumerateArray()
                .Where(m => m.GetProperty("state").GetString() == "done").Select(m => m.GetProperty("manager_id").GetString()!).ToList();
        }
        Assert.InRange(doneBeforeKill.Count, 2, managers - 1);

        await using var second = await AppProcess.StartAsync(settings);
        var finished = await PollAsync(second.Client, runId, r => r.GetProperty("status").GetString() == "completed");
        output.WriteLine($"Recovered and completed {killedAt.Elapsed.TotalSeconds:F1} s after the kill ({doneBeforeKill.Count} of {managers} managers were done)");

        Assert.Equal(managers, finished.GetProperty("done").GetInt32());
        Assert.Equal(0, finished.GetProperty("failed").GetInt32());
        var analyses = new AnalysisRepository(storage);
        foreach (var managerId in doneBeforeKill)
        {
            for (var d = 0; d < dealsEach; d++)
            {
                var ofRun = (await analyses.ListByDealAsync($"{managerId}-d{d}", default)).Count(a => a.RunId == runId);
                Assert.True(ofRun == 1, $"{managerId}-d{d} was analysed {ofRun} times in run {runId}");
            }
        }
        var summaries = (await new OutboxRepository(storage).ListAsync(null, null, 1000, default)).Where(m => m.Kind == OutboxKind.ManagerSummary && m.RunId == runId);
        Assert.Equal(managers, summaries.Select(m => m.ManagerId).Distinct().Count());
    }

    [Fact]
    public async Task A_manager_that_keeps_failing_is_counted_as_failed_and_the_run_completes()
    {
        await using var app = await TestApp.StartAsync(azurite, dispatcher: true);
        (await app.Client.PostAsync("/api/demo/seed", null)).EnsureSuccessStatusCode();
        var team = (await app.Get<ManagerRepository>().ListAsync(default)).ToList();
        // A manager the run names but the store does not hold: every attempt of its activity fails.
        team.Add(DealBuilder.Manager("m-ghost"));
        var start = await app.Get<TeamRuns>().StartAsync(app.Get<DurableTaskClient>(), "test", team, runId: null, default);

        var run = await app.WaitForRunAsync(start.Id, RunTimeout);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(3, run.GetProperty("done").GetInt32());
        Assert.Equal(1, run.GetProperty("failed").GetInt32());
        var ghost = run.GetProperty("managers").EnumerateArray().Single(m => m.GetProperty("manager_id").GetString() == "m-ghost");
        Assert.Equal("failed", ghost.GetProperty("state").GetString());
        Assert.Contains("no longer exists", ghost.GetProperty("error").GetString(), StringComparison.Ordinal);
        var summaries = (await app.Get<OutboxRepository>().ListAsync(null, null, 100, default)).Where(m => m.Kind == OutboxKind.ManagerSummary);
        Assert.Equal(["m-anna", "m-ivan", "m-oleg"], summaries.Select(m => m.ManagerId).Order());
    }

    [Fact]
    public async Task Two_concurrent_runs_keep_their_own_progress_and_messages()
    {
        await using var app = await TestApp.StartAsync(azurite, dispatcher: true);
        (await app.Client.PostAsync("/api/demo/seed", null)).EnsureSuccessStatusCode();
        var starts = await Task.WhenAll(app.Client.PostAsync("/api/deals/analyze-all", null), app.Client.PostAsync("/api/deals/analyze-all", null));
        var ids = new List<string>();
        foreach (var start in starts)
        {
            ids.Add((await app.JsonAsync(start)).GetProperty("run_id").GetString()!);
        }
        Assert.NotEqual(ids[0], ids[1]);

        var outbox = app.Get<OutboxRepository>();
        foreach (var id in ids)
        {
            var run = await app.WaitForRunAsync(id, RunTimeout);
            Assert.Equal(("completed", 3, 0), (run.GetProperty("status").GetString(), run.GetProperty("done").GetInt32(), run.GetProperty("failed").GetInt32()));
        }
        var messages = await outbox.ListAsync(null, null, 1000, default);
        foreach (var id in ids)
        {
            var ofRun = messages.Where(m => m.RunId == id).ToList();
            Assert.Equal(["1001", "1003", "2002", "3001"], ofRun.Where(m => m.Kind == OutboxKind.DealCard).Select(m => m.DealId).Order());
            Assert.Equal(["m-anna", "m-ivan", "m-oleg"], ofRun.Where(m => m.Kind == OutboxKind.ManagerSummary).Select(m => m.ManagerId).Order());
            Assert.All(ofRun, m => Assert.Contains(id, m.Id, StringComparison.Ordinal));
        }
    }

    private static async Task SeedTeamAsync(StorageAccount storage, int managers, int dealsEach)
    {
        var managerStore = new ManagerRepository(storage);
        var deals = new DealRepository(storage);
        var now = DateTimeOffset.UtcNow;
        for (var m = 0; m < managers; m++)
        {
            var manager = DealBuilder.Manager($"k{m}");
            await managerStore.UpsertAsync(manager, default);
            for (var d = 0; d < dealsEach; d++)
            {
                await deals.UpsertAsync(DealBuilder.At(now).Aged(5 + d).With(x => x with { Id = $"k{m}-d{d}", ManagerId = manager.Id, Name = $"Сделка {m}-{d}" }).Deal, default);
            }
        }
    }

    private static async Task<JsonElement> PollAsync(HttpClient client, string runId, Func<JsonElement, bool> until)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (true)
        {
            var run = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
            if (until(run))
            {
                return run;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Run {runId} did not get there in time: {run}");
            await Task.Delay(100);
        }
    }
}
