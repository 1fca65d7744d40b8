using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SalesCoach.Core.Agent;
using SalesCoach.Core.Bot;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Agent;

/// <summary>The agent's jobs on a real Azurite: inactivity with a fake clock, the trigger endpoint, health, memory, the dashboard, cleanup and the squad report.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AgentJobsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestApp app = null!;
    private static readonly Manager Ivan = new() { Id = "m-ivan", Name = "Иван", TimeZone = "Europe/Moscow", Team = "north", TelegramChatId = 501 };

    public async Task InitializeAsync()
    {
        app = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?> { ["Chats:TeamChats:north"] = "777" });
        await app.Get<ManagerRepository>().UpsertAsync(Ivan, default);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private CheckInactivity Inactivity(TimeProvider time) => new(app.Get<ManagerRepository>(), app.Get<DealRepository>(), app.Get<ActivityRepository>(), app.Get<PipelineRepository>(),
        app.Get<RecommendationRepository>(), app.Get<OutboxRepository>(), new ActionLog(app.Get<StorageAccount>(), time), app.Get<ChatAnalyticsOptions>(), new AgentOptions(), app.Get<LanguageOptions>(), time);

    [Fact]
    public async Task Each_manager_reads_alerts_in_their_own_language_and_the_team_in_the_teams()
    {
        var now = new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);
        var managers = app.Get<ManagerRepository>();
        var emma = new Manager { Id = "m-emma", Name = "Emma", TimeZone = "Europe/London", Team = "west", TelegramChatId = 601, Language = "en" };
        var olena = new Manager { Id = "m-olena", Name = "Олена", TimeZone = "Europe/Kyiv", Team = "west", TelegramChatId = 602, Language = "uk" };
        await managers.UpsertAsync(emma, default);
        await managers.UpsertAsync(olena, default);
        foreach (var manager in new[] { emma, olena })
        {
            await app.Get<DealRepository>().UpsertAsync(new Deal { Id = $"d-{manager.Id}", Name = "Warehouse", ManagerId = manager.Id, Budget = 500_000m, Stage = "Negotiation", CreatedAt = now.AddDays(-30), UpdatedAt = now.AddDays(-20) }, default);
        }

        await Inactivity(new FakeTimeProvider(now)).RunAsync(default);

        var outbox = app.Get<OutboxRepository>();
        var english = Assert.Single(await outbox.ListAsync(null, emma.Id, 10, default), m => m.Kind == OutboxKind.InactivityAlert);
        var ukrainian = Assert.Single(await outbox.ListAsync(null, olena.Id, 10, default), m => m.Kind == OutboxKind.InactivityAlert);
        Assert.Contains("CRITICAL: Warehouse idle 30 days", english.Text, StringComparison.Ordinal);
        Assert.Contains("КРИТИЧНО: Warehouse — 30 дн. без активності", ukrainian.Text, StringComparison.Ordinal);
        var languages = new LanguageOptions { Default = "ru", Teams = new(StringComparer.OrdinalIgnoreCase) { ["west"] = "en" } };
        Assert.Equal(("en", "ru", "ru"), (languages.ForTeam("west"), languages.ForTeam("north"), languages.ForTeam(null)));
    }

    private async Task<List<OutboxMessage>> AlertsAsync() =>
        [.. (await app.Get<OutboxRepository>().ListAsync(null, Ivan.Id, 100, default)).Where(m => m.Kind == OutboxKind.InactivityAlert)];

    [Fact]
    public async Task Idle_deals_and_qualified_leads_are_alerted_once_per_crossing_with_the_hour_the_client_answers()
    {
        var now = new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);
        var deals = app.Get<DealRepository>();
        await deals.UpsertAsync(new Deal { Id = "d-idle", Name = "Склад", ManagerId = Ivan.Id, Budget = 500_000m, Stage = "Переговоры", CreatedAt = now.AddDays(-30), UpdatedAt = now.AddDays(-15), ClientName = "Пётр" }, default);
        await deals.UpsertAsync(new Deal { Id = "d-busy", Name = "Офис", ManagerId = Ivan.Id, Budget = 100_000m, Stage = "Переговоры", CreatedAt = now.AddDays(-30), UpdatedAt = now.AddDays(-1) }, default);
        // The client answered twice at 14:xx Moscow time (11:xx UTC), once at 10:xx.
        await app.Get<ActivityRepository>().UpsertManyAsync([
            new Activity { Id = "a1", DealId = "d-idle", Kind = ActivityKind.Call, Direction = Direction.Inbound, OccurredAt = now.AddDays(-20).AddHours(5) },
            new Activity { Id = "a2", DealId = "d-idle", Kind = ActivityKind.Message, Direction = Direction.Inbound, OccurredAt = now.AddDays(-16).AddHours(5.5) },
            new Activity { Id = "a3", DealId = "d-idle", Kind = ActivityKind.Message, Direction = Direction.Inbound, OccurredAt = now.AddDays(-18).AddHours(1) },
            new Activity { Id = "a4", DealId = "d-busy", Kind = ActivityKind.Call, Direction = Direction.Outbound, OccurredAt = now.AddDays(-1) }], default);
        var lead = await (await app.Client.PostAsJsonAsync("/api/v1/leads", new { source = "partner", business_domain = "b2b", owner_manager_id = Ivan.Id, contact = new { name = "Ольга" } })).Content.ReadFromJsonAsync<JsonElement>();
        var leadId = lead.GetProperty("id").GetInt64();
        (await app.Client.PostAsJsonAsync($"/api/v1/leads/{leadId}/bant", new { budget = 15, authority = 15, need = 15, timeline = 15 })).EnsureSuccessStatusCode();

        var time = new FakeTimeProvider(now);
        var first = await Inactivity(time).RunAsync(default);
        var again = await Inactivity(time).RunAsync(default);

        Assert.Equal((1, 0), (first.CriticalAlerts, first.Warnings));
        Assert.Equal((0, 0), (again.CriticalAlerts, again.Warnings));
        var alert = Assert.Single(await AlertsAsync());
        Assert.Equal("d-idle", alert.DealId);
        Assert.Contains("15 дн.", alert.Text, StringComparison.Ordinal);
        Assert.Contains("Пётр, добрый день!", alert.Text, StringComparison.Ordinal);
        var recommendation = Assert.Single(await app.Get<RecommendationRepository>().ListActiveAsync(Ivan.Id, default));
        Assert.Equal((RecommendationUrgency.Critical, "whatsapp"), (recommendation.Urgency, recommendation.Channel));
        // Next 14:00 Moscow after 09:00 Moscow: today at 11:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 11, 0, 0, TimeSpan.Zero), recommendation.BestTime);

        // The qualified lead falls silent for 8 days: a warning; the deal's client answers, then goes quiet 14 more days: a new crossing.
        time.Advance(TimeSpan.FromDays(8) + (DateTimeOffset.UtcNow - now));
        await app.Get<ActivityRepository>().UpsertManyAsync([new Activity { Id = "a5", DealId = "d-idle", Kind = ActivityKind.Call, Direction = Direction.Inbound, OccurredAt = time.GetUtcNow().AddDays(-14.5) }], default);
        var later = await Inactivity(time).RunAsync(default);
        Assert.Equal(1, later.Warnings);
        Assert.True(later.CriticalAlerts >= 1);
        Assert.Contains(await AlertsAsync(), m => m.Text.Contains("Ольга", StringComparison.Ordinal) && m.Text.Contains("Внимание", StringComparison.Ordinal));
        Assert.Equal(2, (await AlertsAsync()).Count(m => m.DealId == "d-idle"));
    }

    [Fact]
    public async Task The_trigger_runs_a_job_now_and_refuses_unknown_names_with_the_list()
    {
        var ok = await app.Client.PostAsJsonAsync("/api/agent/jobs/trigger", new { job_name = "daily_review" });
        var body = await app.JsonAsync(ok);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal("daily_review", body.GetProperty("job").GetString());
        Assert.Contains("\"plans_created\":1", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.NotNull(await app.Get<DailyPlanRepository>().GetAsync(Ivan.Id, CreateDailyPlan.LocalDate(Ivan, DateTimeOffset.UtcNow), default));

        foreach (var bad in new object[] { new { job_name = "reboot" }, new { job = "daily_review" } })
        {
            var refused = await app.Client.PostAsJsonAsync("/api/agent/jobs/trigger", bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await app.JsonAsync(refused);
            Assert.Equal("job_name", problem.GetProperty("field").GetString());
            Assert.Contains("inactivity_check, view_refresh, expire_recommendations, squad_analysis, data_cleanup, health_check", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using var notJson = new StringContent("{job_name:", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.PostAsync(new Uri("/api/agent/jobs/trigger", UriKind.Relative), notJson)).StatusCode);
    }

    [Fact]
    public async Task Health_reports_storage_queues_outbox_and_job_runs_and_degrades_on_poison_messages()
    {
        await app.Client.PostAsJsonAsync("/api/agent/jobs/trigger", new { job_name = "expire_recommendations" });
        var healthy = await app.JsonAsync(await app.Client.GetAsync(new Uri("/api/health", UriKind.Relative)));
        Assert.Equal("healthy", healthy.GetProperty("status").GetString());
        Assert.True(healthy.GetProperty("storage").GetBoolean());
        Assert.Equal(2, healthy.GetProperty("queues").GetArrayLength());
        Assert.Equal("expire_recommendations", Assert.Single(healthy.GetProperty("jobs").EnumerateArray()).GetProperty("job_name").GetString());

        var poison = await app.Get<StorageAccount>().QueueByFullNameAsync(app.Get<StorageAccount>().Options.QueueName("crm-sync") + "-poison");
        await poison.SendMessageAsync("{}");
        var degraded = await app.Client.GetAsync(new Uri("/api/health", UriKind.Relative));
        var report = await app.JsonAsync(degraded);
        Assert.Equal(HttpStatusCode.OK, degraded.StatusCode);
        Assert.Equal("degraded", report.GetProperty("status").GetString());
        Assert.Contains("crm-sync: 1 poison", report.GetProperty("problems")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_and_the_dashboard_show_what_the_agent_learned_and_did()
    {
        var memory = app.Get<AgentMemory>();
        var now = DateTimeOffset.UtcNow;
        await memory.RememberSignalsAsync(Ivan.Id, "wa-7900", "Пётр", [Signal.PriceObjection, Signal.Competitor], "Ozon", now, default);
        await memory.RememberSignalsAsync(Ivan.Id, "wa-7900", "Пётр", [Signal.PriceObjection], null, now, default);

        var view = await app.JsonAsync(await app.Client.GetAsync(new Uri($"/api/agent/memory?manager_id={Ivan.Id}", UriKind.Relative)));
        Assert.Equal(2, view.GetProperty("count").GetInt32());
        var top = view.GetProperty("facts")[0];
        Assert.Equal(("objection", 2, 0.75), (top.GetProperty("type").GetString(), top.GetProperty("occurrences").GetInt32(), top.GetProperty("importance").GetDouble()));
        Assert.Equal("mentioned Ozon", view.GetProperty("facts")[1].GetProperty("fact").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.GetAsync(new Uri("/api/agent/memory", UriKind.Relative))).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync(new Uri("/api/agent/dashboard", UriKind.Relative))).StatusCode);
        await app.Get<RecommendationRepository>().AddAsync(RecommendationsApiTests.Sample("r-dash", Ivan.Id), default);
        await app.Client.PostAsync(new Uri("/api/agent/recommendations/r-dash/accept", UriKind.Relative), null);
        await app.Client.PostAsJsonAsync("/api/agent/jobs/trigger", new { job_name = "view_refresh" });
        var dashboard = await app.JsonAsync(await app.Client.GetAsync(new Uri("/api/agent/dashboard", UriKind.Relative)));
        Assert.Equal(100.0, dashboard.GetProperty("recommendations").GetProperty("acceptance_rate").GetDouble());
        Assert.Equal(2, dashboard.GetProperty("agent_memory").EnumerateArray().Sum(m => m.GetProperty("count").GetInt32()));
    }

    [Fact]
    public async Task Cleanup_removes_only_finished_records_past_retention()
    {
        var now = new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);
        var store = app.Get<RecommendationRepository>();
        await store.AddAsync(RecommendationsApiTests.Sample("old-done", Ivan.Id, created: now.AddDays(-100)) with { DoneAt = now.AddDays(-99) }, default);
        await store.AddAsync(RecommendationsApiTests.Sample("old-open", Ivan.Id, created: now.AddDays(-100), lifetime: TimeSpan.FromDays(365)), default);
        await store.AddAsync(RecommendationsApiTests.Sample("new-done", Ivan.Id, created: now.AddDays(-2)) with { DoneAt = now.AddDays(-1) }, default);
        var log = new ActionLog(app.Get<StorageAccount>(), new FakeTimeProvider(now.AddDays(-95)));
        await log.RecordAsync(new AgentAction("ancient", "intervention", null, null, Ivan.Id, true, null, now.AddDays(-95)), default);
        var buttons = app.Get<BotButtons>();
        BotButton Button(string token, DateTimeOffset created) => new() { Token = token, ManagerId = Ivan.Id, Action = "screen", CreatedAt = created };
        await buttons.AddAsync([Button("oldbutton0001", now.AddDays(-91)), Button("newbutton0001", now.AddDays(-89))], default);
        await new ProcessedUpdates(app.Get<StorageAccount>(), new FakeTimeProvider(now.AddDays(-91))).CompleteAsync(900_000_001, "handled", default);
        await new ProcessedUpdates(app.Get<StorageAccount>(), new FakeTimeProvider(now.AddDays(-89))).CompleteAsync(900_000_002, "handled", default);
        OutboxMessage Outgoing(string id, OutboxStatus status, DateTimeOffset at) => new()
        {
            Id = id, ManagerId = Ivan.Id, ChatId = 101, Kind = OutboxKind.ChatReport, Text = id, Status = status, CreatedAt = at, NextAttemptAt = at,
            SentAt = status == OutboxStatus.Sent ? at : null,
        };
        var outbox = app.Get<OutboxRepository>();
        await outbox.EnqueueAsync([Outgoing("cleanup-old-sent", OutboxStatus.Sent, now.AddDays(-91)), Outgoing("cleanup-new-sent", OutboxStatus.Sent, now.AddDays(-89)),
            Outgoing("cleanup-old-failed", OutboxStatus.Failed, now.AddDays(-91))], default);
        var time = new FakeTimeProvider(now);
        CleanupAgentData Cleanup(TimeProvider clock) => new(new ActionLog(app.Get<StorageAccount>(), clock), app.Get<InterventionRepository>(), store, buttons,
            new ProcessedUpdates(app.Get<StorageAccount>(), clock), app.Get<OutboxRepository>(), app.Get<OutboxPhotos>(), new AgentOptions(), clock);

        var result = await Cleanup(time).RunAsync(default);

        Assert.Equal((1, 1, 1, 1, 1), (result.Actions, result.Recommendations, result.Buttons, result.Updates, result.Sent));
        Assert.Null(await outbox.FindAsync(Ivan.Id, "cleanup-old-sent", default));
        Assert.NotNull(await outbox.FindAsync(Ivan.Id, "cleanup-new-sent", default));
        Assert.NotNull(await outbox.FindAsync(Ivan.Id, "cleanup-old-failed", default)); // only sent messages go
        Assert.Null(await store.GetAsync("old-done", default));
        Assert.NotNull(await store.GetAsync("old-open", default));
        Assert.NotNull(await store.GetAsync("new-done", default));
        Assert.Null(await buttons.FindAsync(Ivan.Id, "oldbutton0001", default));
        Assert.NotNull(await buttons.FindAsync(Ivan.Id, "newbutton0001", default));
        // The old update is forgotten (a redelivery would be claimed afresh), the newer one is still known.
        var updates = new ProcessedUpdates(app.Get<StorageAccount>(), new FakeTimeProvider(now));
        Assert.Equal(UpdateClaim.Claimed, await updates.ClaimAsync(900_000_001, default));
        Assert.Equal(UpdateClaim.Done, await updates.ClaimAsync(900_000_002, default));

        // Chart pictures: the storage stamps them when written, so the cut is moved past that instead.
        var photos = app.Get<OutboxPhotos>();
        await photos.SaveAsync("cleanup-chart.png", [0x89, 0x50, 0x4E, 0x47], default);
        Assert.Equal(0, (await Cleanup(new FakeTimeProvider(DateTimeOffset.UtcNow)).RunAsync(default)).Photos);
        Assert.NotNull(await photos.ReadAsync("cleanup-chart.png", default));
        Assert.True((await Cleanup(new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(91))).RunAsync(default)).Photos >= 1);
        Assert.Null(await photos.ReadAsync("cleanup-chart.png", default));
    }

    [Fact]
    public async Task The_squad_analysis_goes_to_the_team_chat_once_a_week_with_coaching_needs()
    {
        var now = DateTimeOffset.UtcNow;
        var interventions = app.Get<InterventionRepository>();
        for (var i = 0; i < 3; i++)
        {
            await interventions.ClaimAsync(new Intervention
            {
                Id = $"iv-{i}", Conversation = $"wa-{i}", Source = "greenapi", MessageId = $"m{i}", ChatId = $"wa-{i}", ManagerId = Ivan.Id, Signals = [Signal.PriceObjection],
                Title = "t", Message = "m", SuggestedResponse = "s", Playbook = "p", Urgency = RecommendationUrgency.High, ClientText = "дорого",
                Status = InterventionStatus.Queued, SentAt = now, ReceivedAt = now,
            }, default);
        }
        var first = await app.Get<SquadAnalysis>().RunAsync(default);
        var second = await app.Get<SquadAnalysis>().RunAsync(default);

        var report = Assert.Single(first.Reports);
        Assert.True(report.SentToTeamLead);
        Assert.False(Assert.Single(second.Reports).SentToTeamLead);
        var week = Assert.Single(report.Managers);
        Assert.Equal(3, week.PriceObjections);
        Assert.Contains("обработка возражений по цене", week.CoachingNeeds);
        var message = Assert.Single(await app.Get<OutboxRepository>().ListAsync(null, "team-north", 10, default));
        Assert.Equal((777L, OutboxKind.SquadReport), (message.ChatId!.Value, message.Kind));
    }
}
