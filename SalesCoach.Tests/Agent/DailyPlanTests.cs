using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SalesCoach.Core.Agent;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SalesCoach.Tests.Agent;

/// <summary>Daily plans on the demo team, on a real Azurite: ranking rules, storage once per day, recommendations, Telegram, the API and completion.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DailyPlanTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private TestApp app = null!;

    public async Task InitializeAsync()
    {
        app = await TestApp.StartAsync(azurite);
        (await app.Client.PostAsync(new Uri("/api/demo/seed", UriKind.Relative), null)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<long> QualifiedLeadAsync(string owner, int bant)
    {
        var created = await (await app.Client.PostAsJsonAsync("/api/v1/leads", new { source = "partner", business_domain = "retail", owner_manager_id = owner, contact = new { name = "Мария Лесная", phone = "79001112233" } })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt64();
        var part = bant / 4;
        (await app.Client.PostAsJsonAsync($"/api/v1/leads/{id}/bant", new { budget = part, authority = part, need = part, timeline = bant - 3 * part })).EnsureSuccessStatusCode();
        return id;
    }

    [Fact]
    public async Task A_manager_gets_three_ranked_priorities_once_a_day_as_recommendations_and_in_telegram()
    {
        var leadId = await QualifiedLeadAsync("m-ivan", 80);
        var manager = (await app.Get<ManagerRepository>().GetAsync("m-ivan", default))!;

        var (plan, created) = await app.Get<CreateDailyPlan>().RunAsync(manager, default);
        var (again, createdAgain) = await app.Get<CreateDailyPlan>().RunAsync(manager, default);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(plan.CreatedAt, again.CreatedAt);
        output.WriteLine(JsonSerializer.Serialize(plan, Core.Platform.Json.Options));
        Assert.Equal(3, plan.Top3Priorities.Count);
        Assert.Equal(4, plan.CandidatesConsidered);
        // The BANT-80 lead wants a meeting (critical); then the deals by urgency and expected value.
        Assert.Equal((TargetKind.Lead, leadId.ToString(System.Globalization.CultureInfo.InvariantCulture), RecommendationUrgency.Critical), (plan.Top3Priorities[0].TargetKind, plan.Top3Priorities[0].TargetId, plan.Top3Priorities[0].Urgency));
        Assert.Contains("BANT 80/100", plan.Top3Priorities[0].Reasoning, StringComparison.Ordinal);
        Assert.Equal("rules", plan.Source);
        Assert.All(plan.Top3Priorities, p => Assert.InRange(p.WinProbability, 0, 1));
        Assert.Equal(plan.Top3Priorities.Select(p => p.TargetId).Distinct().Count(), plan.Top3Priorities.Count);

        var open = await app.Get<RecommendationRepository>().ListActiveAsync("m-ivan", default);
        Assert.Equal(plan.Top3Priorities.Select(p => p.RecommendationId).Order(), open.Where(r => r.PlanDate == plan.PlanDate).Select(r => r.Id).Order());
        var message = Assert.Single(await app.Get<OutboxRepository>().ListAsync(null, "m-ivan", 100, default), m => m.Kind == OutboxKind.DailyPlan);
        Assert.Equal(100000001, message.ChatId);
        Assert.Contains("Назначить встречу", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plan_is_served_with_its_completion_and_the_performance_view_counts_done_actions()
    {
        var manager = (await app.Get<ManagerRepository>().GetAsync("m-anna", default))!;
        var (plan, _) = await app.Get<CreateDailyPlan>().RunAsync(manager, default);

        var view = await app.JsonAsync(await app.Client.GetAsync(new Uri("/api/agent/daily-plan?manager_id=m-anna", UriKind.Relative)));
        Assert.Equal(plan.PlanDate, view.GetProperty("plan_date").GetString());
        Assert.Equal("pending", view.GetProperty("completion_status").GetString());
        var first = view.GetProperty("top_3_priorities")[0];
        Assert.False(string.IsNullOrEmpty(first.GetProperty("lead_name").GetString()));
        Assert.False(string.IsNullOrEmpty(first.GetProperty("suggested_script").GetString()));

        var recommendation = first.GetProperty("recommendation_id").GetString();
        (await app.Client.PostAsync(new Uri($"/api/agent/recommendations/{recommendation}/complete", UriKind.Relative), null)).EnsureSuccessStatusCode();
        var after = await app.JsonAsync(await app.Client.GetAsync(new Uri($"/api/agent/daily-plan?manager_id=m-anna&date={plan.PlanDate}", UriKind.Relative)));
        Assert.Equal(1, after.GetProperty("actions_completed").GetInt32());
        Assert.Equal(plan.Top3Priorities.Count == 1 ? "completed" : "in_progress", after.GetProperty("completion_status").GetString());

        var performance = await app.JsonAsync(await app.Client.GetAsync(new Uri("/api/agent/daily-plans/performance?days=7", UriKind.Relative)));
        var row = Assert.Single(performance.GetProperty("rows").EnumerateArray());
        Assert.Equal((1, 1, plan.Top3Priorities.Count), (row.GetProperty("users_with_plans").GetInt32(), row.GetProperty("total_actions_completed").GetInt32(), row.GetProperty("total_actions_planned").GetInt32()));
        Assert.Equal(Math.Round(100.0 / plan.Top3Priorities.Count, 2), row.GetProperty("completion_rate").GetDouble());
    }

    [Theory]
    [InlineData("/api/agent/daily-plan", HttpStatusCode.BadRequest, "manager_id")]
    [InlineData("/api/agent/daily-plan?manager_id=nobody", HttpStatusCode.NotFound, null)]
    [InlineData("/api/agent/daily-plan?manager_id=m-oleg&date=2026-13-01", HttpStatusCode.BadRequest, "date")]
    [InlineData("/api/agent/daily-plan?manager_id=m-oleg&date=2020-01-01", HttpStatusCode.NotFound, null)]
    [InlineData("/api/agent/daily-plans/performance?days=91", HttpStatusCode.BadRequest, "days")]
    public async Task Bad_plan_queries_are_refused_with_problem_json(string path, HttpStatusCode status, string? field)
    {
        var response = await app.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            Assert.Equal(field, (await app.JsonAsync(response)).GetProperty("field").GetString());
        }
    }
}
