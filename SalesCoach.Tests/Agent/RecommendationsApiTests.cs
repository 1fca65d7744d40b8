using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SalesCoach.Core.Agent;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Agent;

/// <summary>Recommendations as records over HTTP on a real Azurite: listing, idempotent outcomes, 409 on finished ones, bad input.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RecommendationsApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestApp app = null!;

    public async Task InitializeAsync() => app = await TestApp.StartAsync(azurite);

    public async Task DisposeAsync() => await app.DisposeAsync();

    internal static Recommendation Sample(string id, string manager = "m1", DateTimeOffset? created = null, TimeSpan? lifetime = null, RecommendationUrgency urgency = RecommendationUrgency.High)
    {
        var at = created ?? DateTimeOffset.UtcNow;
        return new Recommendation
        {
            Id = id,
            ManagerId = manager,
            Type = "re_engage",
            TargetKind = TargetKind.Deal,
            TargetId = "1001",
            TargetName = "Поставка оборудования",
            Title = "Позвонить клиенту",
            Reasoning = "15 дней без контакта",
            Urgency = urgency,
            Source = "rules",
            CreatedAt = at,
            ExpiresAt = at + (lifetime ?? TimeSpan.FromDays(3)),
        };
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path)
    {
        var response = await app.Client.PostAsync(new Uri(path, UriKind.Relative), null);
        return (response.StatusCode, await app.JsonAsync(response));
    }

    [Fact]
    public async Task A_manager_lists_open_ones_and_accepts_then_completes_one_idempotently()
    {
        var store = app.Get<RecommendationRepository>();
        Assert.True(await store.AddAsync(Sample("r1", urgency: RecommendationUrgency.Normal), default));
        Assert.False(await store.AddAsync(Sample("r1") with { Title = "changed" }, default));
        await store.AddAsync(Sample("r2", urgency: RecommendationUrgency.Critical), default);
        await store.AddAsync(Sample("r3", manager: "m2"), default);
        await store.AddAsync(Sample("old", created: DateTimeOffset.UtcNow.AddDays(-5)), default);

        var list = await app.JsonAsync(await app.Client.GetAsync(new Uri("/api/agent/recommendations?manager_id=m1", UriKind.Relative)));
        Assert.Equal(["r2", "r1"], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal("Позвонить клиенту", list.GetProperty("items")[1].GetProperty("title").GetString());

        var accepted = await PostAsync("/api/agent/recommendations/r1/accept");
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.Equal("accepted", accepted.Body.GetProperty("status").GetString());
        var again = await PostAsync("/api/agent/recommendations/r1/accept");
        Assert.Equal(accepted.Body.GetProperty("accepted_at").GetString(), again.Body.GetProperty("accepted_at").GetString());

        var done = await PostAsync("/api/agent/recommendations/r1/complete");
        Assert.Equal("done", done.Body.GetProperty("status").GetString());
        var doneAgain = await PostAsync("/api/agent/recommendations/r1/complete");
        Assert.Equal(HttpStatusCode.OK, doneAgain.Status);
        Assert.Equal(done.Body.GetProperty("done_at").GetString(), doneAgain.Body.GetProperty("done_at").GetString());

        var refused = await PostAsync("/api/agent/recommendations/r1/dismiss");
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("already done", refused.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var reopened = await PostAsync("/api/agent/recommendations/r1/accept");
        Assert.Equal(HttpStatusCode.Conflict, reopened.Status);

        var after = await app.JsonAsync(await app.Client.GetAsync(new Uri("/api/agent/recommendations?manager_id=m1", UriKind.Relative)));
        Assert.Equal(["r2"], after.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Dismissed_and_expired_ones_refuse_other_outcomes()
    {
        var store = app.Get<RecommendationRepository>();
        await store.AddAsync(Sample("d1"), default);
        await store.AddAsync(Sample("e1", created: DateTimeOffset.UtcNow.AddDays(-4)), default);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/api/agent/recommendations/d1/dismiss")).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/api/agent/recommendations/d1/dismiss")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync("/api/agent/recommendations/d1/complete")).Status);

        var expired = await PostAsync("/api/agent/recommendations/e1/complete");
        Assert.Equal(HttpStatusCode.Conflict, expired.Status);
        Assert.Contains("already expired", expired.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/agent/recommendations/nope/accept", HttpStatusCode.NotFound, null)]
    [InlineData("/api/agent/recommendations/bad%23id/accept", HttpStatusCode.BadRequest, "recommendationId")]
    public async Task Unknown_and_malformed_ids_are_refused_with_problem_json(string path, HttpStatusCode status, string? field)
    {
        var response = await app.Client.PostAsync(new Uri(path, UriKind.Relative), null);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            Assert.Equal(field, (await app.JsonAsync(response)).GetProperty("field").GetString());
        }
    }

    [Theory]
    [InlineData("/api/agent/recommendations", "manager_id")]
    [InlineData("/api/agent/recommendations?manager_id=a%2Fb", "manager_id")]
    [InlineData("/api/agent/actions/summary?days=0", "days")]
    [InlineData("/api/agent/actions/summary?days=x", "days")]
    public async Task Bad_query_values_are_400_naming_the_parameter(string path, string field)
    {
        var response = await app.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await app.JsonAsync(response)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_midnight_job_expires_overdue_ones_once_and_logs_each()
    {
        var store = app.Get<RecommendationRepository>();
        var start = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        await store.AddAsync(Sample("x-old", created: start), default);
        await store.AddAsync(Sample("x-new", created: start.AddDays(2)), default);
        var time = new FakeTimeProvider(start.AddDays(3).AddHours(15));
        var job = new ExpireRecommendations(store, new ActionLog(app.Get<Core.Platform.StorageAccount>(), time), time);

        Assert.Equal(1, await job.RunAsync(default));
        Assert.Equal(0, await job.RunAsync(default));

        Assert.Equal(RecommendationStatus.Expired, (await store.GetAsync("x-old", default))!.Status);
        Assert.Equal(RecommendationStatus.Open, (await store.GetAsync("x-new", default))!.Status);
        var summary = await new ActionLog(app.Get<Core.Platform.StorageAccount>(), time).SummaryAsync(1, default);
        var row = Assert.Single(summary);
        Assert.Equal(("expire_recommendation", 1, 100.0), (row.ActionType, row.Count, row.SuccessRate));
    }

    [Fact]
    public async Task The_actions_summary_groups_per_day_and_type_with_the_success_rate()
    {
        var log = app.Get<ActionLog>();
        var now = DateTimeOffset.UtcNow;
        await log.RecordAsync(new AgentAction("a1", "intervention", TargetKind.Chat, "c1", "m1", true, null, now), default);
        await log.RecordAsync(new AgentAction("a1", "intervention", TargetKind.Chat, "c1", "m1", true, null, now), default);
        await log.RecordAsync(new AgentAction("a2", "intervention", TargetKind.Chat, "c2", "m1", false, "no owner", now), default);
        await log.RecordAsync(new AgentAction("a3", "daily_plan", null, null, "m1", true, null, now), default);
        await log.RecordAsync(new AgentAction("a4", "daily_plan", null, null, "m1", true, null, now.AddDays(-1)), default);

        var body = await app.JsonAsync(await app.Client.GetAsync(new Uri("/api/agent/actions/summary?days=2", UriKind.Relative)));
        var rows = body.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("action_type").GetString(), r.GetProperty("count").GetInt32(), r.GetProperty("success_rate").GetDouble())).ToList();
        Assert.Equal([("intervention", 2, 50.0), ("daily_plan", 1, 100.0), ("daily_plan", 1, 100.0)], rows);
    }
}
