using System.Net;
using System.Text.Json;
using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Hosting;

/// <summary>The HTTP functions as a client (or the host forwarding a request) sees them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class HttpApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestApp app = null!;

    public async Task InitializeAsync()
    {
        app = await TestApp.StartAsync(azurite);
        (await app.Client.PostAsync("/api/demo/seed", null)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await app.JsonAsync(response);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    [Fact]
    public async Task Analyze_deal_answers_like_seed_000_and_queues_the_card()
    {
        var response = await app.Client.PostAsync("/api/deals/1001/analyze?notify=true", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await app.JsonAsync(response);
        Assert.Equal("queued", body.GetProperty("status").GetString());
        Assert.Equal("1001", body.GetProperty("deal_id").GetString());
        Assert.True(body.GetProperty("notify").GetBoolean());
        Assert.Equal("high", body.GetProperty("priority").GetString());
        Assert.Equal(1, body.GetProperty("queued_messages").GetInt32());

        var card = Assert.Single(await app.Get<OutboxRepository>().ListAsync(OutboxStatus.Pending, "m-ivan", 10, default));
        Assert.Equal(100000001, card.ChatId);
        Assert.Contains("Поставка оборудования", card.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_deal_without_notify_stores_the_analysis_but_queues_nothing()
    {
        var body = await app.JsonAsync(await app.Client.PostAsync("/api/deals/1002/analyze?notify=false", null));
        Assert.Equal(0, body.GetProperty("queued_messages").GetInt32());
        Assert.Empty(await app.Get<OutboxRepository>().ListAsync(null, null, 10, default));
        var stored = await app.Get<Core.Deals.AnalysisRepository>().GetLatestAsync("1002", default);
        Assert.Equal(body.GetProperty("analysis_id").GetString(), stored!.Id);
    }

    [Fact]
    public async Task Unknown_deal_is_404_problem()
    {
        var problem = await ProblemAsync(await app.Client.PostAsync("/api/deals/999999/analyze", null), HttpStatusCode.NotFound);
        Assert.Contains("999999", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("%24%25")]
    [InlineData("a%2Fb")]
    [InlineData("-leading-dash")]
    [InlineData("x%3Fy")]
    public async Task Malformed_deal_id_is_400_naming_the_field(string dealId)
    {
        var problem = await ProblemAsync(await app.Client.PostAsync($"/api/deals/{dealId}/analyze", null), HttpStatusCode.BadRequest);
        Assert.Equal("dealId", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Overlong_deal_id_is_400()
    {
        await ProblemAsync(await app.Client.PostAsync($"/api/deals/{new string('9', 65)}/analyze", null), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Notify_that_is_not_a_boolean_is_400_naming_notify()
    {
        var problem = await ProblemAsync(await app.Client.PostAsync("/api/deals/1001/analyze?notify=maybe", null), HttpStatusCode.BadRequest);
        Assert.Equal("notify", problem.GetProperty("field").GetString());
        Assert.Empty(await app.Get<OutboxRepository>().ListAsync(null, null, 10, default));
    }

    [Fact]
    public async Task Unknown_run_is_404_and_malformed_run_id_is_400()
    {
        await ProblemAsync(await app.Client.GetAsync("/api/runs/0123456789abcdef"), HttpStatusCode.NotFound);
        var problem = await ProblemAsync(await app.Client.GetAsync("/api/runs/bad%21id"), HttpStatusCode.BadRequest);
        Assert.Equal("runId", problem.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("status=bogus", "status")]
    [InlineData("status=7", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=100000", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("manager_id=a%23b", "manager_id")]
    public async Task Outbox_query_errors_are_400_naming_the_parameter(string query, string field)
    {
        var problem = await ProblemAsync(await app.Client.GetAsync($"/api/outbox?{query}"), HttpStatusCode.BadRequest);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Outbox_filters_by_status_and_manager()
    {
        await app.Client.PostAsync("/api/deals/1001/analyze", null);
        await app.Client.PostAsync("/api/deals/2001/analyze", null);
        var pendingForAnna = await app.JsonAsync(await app.Client.GetAsync("/api/outbox?status=pending&manager_id=m-anna"));
        Assert.Equal(1, pendingForAnna.GetProperty("count").GetInt32());
        var sent = await app.JsonAsync(await app.Client.GetAsync("/api/outbox?status=sent"));
        Assert.Equal(0, sent.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Unknown_route_is_404_problem_and_wrong_method_is_405_problem()
    {
        await ProblemAsync(await app.Client.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound);
        await ProblemAsync(await app.Client.GetAsync("/api/deals/1001/analyze"), HttpStatusCode.MethodNotAllowed);
    }
}
