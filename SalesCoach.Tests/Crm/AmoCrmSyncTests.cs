using System.Net;
using System.Text.Json.Nodes;
using SalesCoach.Core.Crm.AmoCrm;
using SalesCoach.Core.Crm.Sync;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Crm;

/// <summary>The real amoCRM client (OAuth, paging, rate limit, Polly) against a loopback amoCRM v4, through the sync job.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AmoCrmSyncTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly long T0 = DateTimeOffset.UtcNow.AddDays(-20).ToUnixTimeSeconds();
    private FakeAmoCrmServer amo = null!;
    private TestApp app = null!;

    public async Task InitializeAsync()
    {
        amo = await FakeAmoCrmServer.StartNewAsync();
        amo.Users.Add(new JsonObject { ["id"] = 5511001, ["name"] = "Иван Петров", ["email"] = "ivan@example.test" });
        amo.Pipelines.Add(new JsonObject
        {
            ["id"] = 1, ["name"] = "Продажи",
            ["_embedded"] = new JsonObject
            {
                ["statuses"] = new JsonArray(
                    new JsonObject { ["id"] = 101, ["name"] = "Квалификация" },
                    new JsonObject { ["id"] = 102, ["name"] = "Переговоры" },
                    new JsonObject { ["id"] = 142, ["name"] = "Успешно реализовано" },
                    new JsonObject { ["id"] = 143, ["name"] = "Закрыто и не реализовано" }),
            },
        });
        for (var i = 1; i <= 7; i++)
        {
            amo.Leads.Add(FakeAmoCrmServer.Lead(900 + i, 5511001, i == 7 ? 142 : 102, T0, T0 + i * 60, $"Сделка {i}"));
        }
        amo.Notes.Add(new JsonObject { ["id"] = 1, ["entity_id"] = 901, ["note_type"] = "call_out", ["params"] = new JsonObject { ["duration"] = 900, ["phone"] = "+77001234567" }, ["created_at"] = T0 + 100, ["updated_at"] = T0 + 100 });
        amo.Notes.Add(new JsonObject { ["id"] = 2, ["entity_id"] = 901, ["note_type"] = "call_in", ["params"] = new JsonObject { ["duration"] = 120 }, ["created_at"] = T0 + 200, ["updated_at"] = T0 + 200 });
        amo.Notes.Add(new JsonObject { ["id"] = 3, ["entity_id"] = 901, ["note_type"] = "call_out", ["params"] = new JsonObject { ["duration"] = -5 }, ["created_at"] = T0 + 300, ["updated_at"] = T0 + 300 });
        amo.Tasks.Add(new JsonObject { ["id"] = 11, ["entity_id"] = 901, ["entity_type"] = "leads", ["text"] = "Перезвонить", ["complete_till"] = T0 + 86400, ["is_completed"] = true, ["created_at"] = T0 + 50, ["updated_at"] = T0 + 5000 });
        amo.Events.Add(new JsonObject
        {
            ["id"] = "01ev", ["type"] = "lead_status_changed", ["entity_id"] = 901, ["created_at"] = T0 + 400,
            ["value_before"] = new JsonArray(new JsonObject { ["lead_status"] = new JsonObject { ["id"] = 101, ["pipeline_id"] = 1 } }),
            ["value_after"] = new JsonArray(new JsonObject { ["lead_status"] = new JsonObject { ["id"] = 102, ["pipeline_id"] = 1 } }),
        });

        app = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["AmoCrm:BaseUrl"] = amo.BaseAddress.ToString(),
            ["AmoCrm:ClientId"] = FakeAmoCrmServer.ClientId,
            ["AmoCrm:ClientSecret"] = FakeAmoCrmServer.ClientSecret,
            ["AmoCrm:RedirectUri"] = "https://salescoach.example.test/oauth",
            ["AmoCrm:AccessToken"] = "access-1",
            ["AmoCrm:RefreshToken"] = "refresh-1",
            ["AmoCrm:PageSize"] = "3",
            ["AmoCrm:RetryBaseDelay"] = "00:00:00.050",
        });
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await amo.DisposeAsync();
    }

    private Task<SyncState> SyncAsync() => app.Get<RunSync>().RunAsync("amocrm", default);

    [Fact]
    public async Task A_pull_brings_users_leads_calls_tasks_and_stage_history_through_every_page()
    {
        var state = await SyncAsync();

        Assert.Equal(SyncStatus.Succeeded, state.Status);
        Assert.Equal(7, state.LastCounts.Deals);
        Assert.Equal(1, state.LastRejected); // the call with a negative duration
        var manager = await app.Get<ManagerRepository>().GetAsync("amo-5511001", default);
        Assert.Equal("Иван Петров", manager!.Name);
        var deal = await app.Get<DealRepository>().GetAsync("amo-901", default);
        Assert.Equal("Переговоры", deal!.Stage);
        Assert.Equal("amo-5511001", deal.ManagerId);
        Assert.Equal(DealStatus.Won, (await app.Get<DealRepository>().GetAsync("amo-907", default))!.Status);
        var activities = await app.Get<ActivityRepository>().ListByDealAsync("amo-901", default);
        Assert.Equal(2, activities.Count(a => a.Kind == ActivityKind.Call));
        Assert.Equal(1020, activities.Where(a => a.Kind == ActivityKind.Call).Sum(a => a.DurationSeconds));
        Assert.Contains(activities, a => a is { Kind: ActivityKind.StageChange, FromStage: "Квалификация", ToStage: "Переговоры" });
        Assert.Contains(activities, a => a is { Kind: ActivityKind.Task, CompletedAt: not null });
        // Seven leads at three per page: pages 1, 2 and 3.
        Assert.Contains(amo.Requests, r => r.StartsWith("/api/v4/leads?page=3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Call_notes_with_their_data_in_params_or_as_json_in_the_text_are_read_alike()
    {
        // The documented API shape (Fixtures/amocrm-api/notes-calls.json), and the text-JSON variant some telephony integrations write.
        var documented = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Crm", "Fixtures", "amocrm-api", "notes-calls.json")))!;
        var first = documented["_embedded"]!["notes"]![0]!.DeepClone().AsObject();
        first["entity_id"] = 902;
        amo.Notes.Add(first);
        amo.Notes.Add(new JsonObject
        {
            ["id"] = 4, ["entity_id"] = 902, ["note_type"] = "call_out", ["created_at"] = T0 + 500, ["updated_at"] = T0 + 500,
            ["params"] = new JsonObject { ["text"] = "{\"UNIQ\":\"u-4\",\"DURATION\":\"61\",\"PHONE\":\"+79160000000\",\"LINK\":\"https://records.example.test/u-4.mp3\"}" },
        });

        await SyncAsync();

        var calls = (await app.Get<ActivityRepository>().ListByDealAsync("amo-902", default)).Where(a => a.Kind == ActivityKind.Call).OrderBy(a => a.OccurredAt).ToList();
        Assert.Equal([61, 187], calls.Select(c => c.DurationSeconds!.Value).Order());
        Assert.All(calls, c => Assert.DoesNotContain("{", c.Text ?? "", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.Text!.Contains("+79160000000", StringComparison.Ordinal) && c.Text.Contains("https://records.example.test/u-4.mp3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Events_are_asked_for_at_most_100_a_page()
    {
        for (var i = 0; i < 150; i++)
        {
            amo.Events.Add(new JsonObject
            {
                ["id"] = $"ev{i}", ["type"] = "lead_status_changed", ["entity_id"] = 903, ["created_at"] = T0 + 1000 + i,
                ["value_before"] = new JsonArray(new JsonObject { ["lead_status"] = new JsonObject { ["id"] = 101, ["pipeline_id"] = 1 } }),
                ["value_after"] = new JsonArray(new JsonObject { ["lead_status"] = new JsonObject { ["id"] = 102, ["pipeline_id"] = 1 } }),
            });
        }
        await app.DisposeAsync();
        app = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["AmoCrm:BaseUrl"] = amo.BaseAddress.ToString(),
            ["AmoCrm:ClientId"] = FakeAmoCrmServer.ClientId,
            ["AmoCrm:ClientSecret"] = FakeAmoCrmServer.ClientSecret,
            ["AmoCrm:RedirectUri"] = "https://salescoach.example.test/oauth",
            ["AmoCrm:AccessToken"] = "access-1",
            ["AmoCrm:RefreshToken"] = "refresh-1",
        });

        await SyncAsync();

        var eventPages = amo.Requests.Where(r => r.StartsWith("/api/v4/events", StringComparison.Ordinal)).ToList();
        Assert.All(eventPages, r => Assert.Contains("limit=100&", r, StringComparison.Ordinal));
        Assert.Equal(2, eventPages.Count);
        Assert.Equal(150, (await app.Get<ActivityRepository>().ListByDealAsync("amo-903", default)).Count(a => a.Kind == ActivityKind.StageChange));
    }

    [Fact]
    public async Task A_second_pull_only_asks_for_what_changed_since_the_cursor()
    {
        var first = await SyncAsync();
        Assert.Equal((T0 + 5000).ToString(System.Globalization.CultureInfo.InvariantCulture), first.Cursor);
        amo.Leads[0]["updated_at"] = T0 + 6000;
        amo.Leads[0]["status_id"] = 143;

        var second = await SyncAsync();

        Assert.Contains(amo.Requests, r => r.Contains($"filter[updated_at][from]={T0 + 5000}", StringComparison.Ordinal));
        Assert.Equal(1, second.LastCounts.Deals);
        Assert.Equal(DealStatus.Lost, (await app.Get<DealRepository>().GetAsync("amo-901", default))!.Status);
    }

    [Fact]
    public async Task An_expired_access_token_is_refreshed_once_and_the_new_pair_is_persisted()
    {
        amo.ExpireAccessToken();
        var state = await SyncAsync();

        Assert.Equal(SyncStatus.Succeeded, state.Status);
        Assert.Equal(1, amo.Refreshes);
        var stored = await app.Get<AmoCrmTokenStore>().GetAsync(default);
        Assert.Equal(amo.AccessToken, stored!.AccessToken);
        Assert.Equal(amo.RefreshToken, stored.RefreshToken);
    }

    [Fact]
    public async Task Rate_limits_and_server_errors_are_retried()
    {
        amo.Fail(429);
        amo.Fail(503);
        var state = await SyncAsync();
        Assert.Equal(SyncStatus.Succeeded, state.Status);
        Assert.Equal(7, state.LastCounts.Deals);
    }

    [Fact]
    public async Task A_source_that_keeps_failing_records_the_error_and_keeps_its_cursor()
    {
        await SyncAsync();
        var cursor = (await app.Get<SyncRepository>().GetAsync("amocrm", default)).State.Cursor;
        amo.Fail(500, times: 50);

        await Assert.ThrowsAsync<OutboundHttpException>(SyncAsync);

        var (state, _) = await app.Get<SyncRepository>().GetAsync("amocrm", default);
        Assert.Equal(SyncStatus.Failed, state.Status);
        Assert.Contains("500", state.LastError, StringComparison.Ordinal);
        Assert.Equal(cursor, state.Cursor);
    }

    [Fact]
    public async Task Sync_endpoint_queues_a_pull_and_refuses_a_second_while_queued()
    {
        var first = await app.Client.PostAsync("/api/sync/amocrm", null);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var second = await app.Client.PostAsync("/api/sync/amocrm", null);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.PostAsync("/api/sync/pipedrive", null)).StatusCode);

        var status = await app.JsonAsync(await app.Client.GetAsync("/api/sync/status"));
        var amoStatus = status.EnumerateArray().Single(s => s.GetProperty("source").GetString() == "amocrm");
        Assert.True(amoStatus.GetProperty("configured").GetBoolean());
        Assert.Equal("queued", amoStatus.GetProperty("state").GetProperty("status").GetString());
    }
}
