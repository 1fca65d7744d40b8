using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SalesCoach.Tests.Leads;

/// <summary>Seed 003's API on a real Azurite: the full cycle, every refusal, automation, paging, concurrency.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PipelineApiTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private TestApp app = null!;

    public async Task InitializeAsync() => app = await TestApp.StartAsync(azurite);

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        var response = await app.Client.SendAsync(request);
        var json = await app.JsonAsync(response);
        Assert.True(expected == response.StatusCode, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode} {json}");
        output.WriteLine($"{method} {path} -> {(int)response.StatusCode} {json}");
        return json;
    }

    private async Task<long> NewLeadAsync(string source = "partner", string? domain = "first", string? owner = null)
    {
        var lead = await SendAsync(HttpMethod.Post, "/api/v1/leads", new { source, business_domain = domain, owner_manager_id = owner }, HttpStatusCode.Created);
        return lead.GetProperty("id").GetInt64();
    }

    private Task<JsonElement> StageAsync(long id, string stage, HttpStatusCode expected = HttpStatusCode.OK) =>
        SendAsync(HttpMethod.Patch, $"/api/v1/leads/{id}/stage", new { stage }, expected);

    private Task<JsonElement> SaleStageAsync(long id, string stage, HttpStatusCode expected = HttpStatusCode.OK) =>
        SendAsync(HttpMethod.Patch, $"/api/v1/sales/{id}/stage", new { stage }, expected);

    [Fact]
    public async Task Seed_003_full_cycle_from_lead_to_paid_sale()
    {
        var created = await SendAsync(HttpMethod.Post, "/api/v1/leads", new { source = "partner", business_domain = "first" }, HttpStatusCode.Created);
        Assert.Equal("new", created.GetProperty("stage").GetString());
        Assert.Equal(0, created.GetProperty("message_count").GetInt32());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("ai_score").ValueKind);
        var id = created.GetProperty("id").GetInt64();

        await StageAsync(id, "contacted");
        await StageAsync(id, "qualified");
        var analysis = await SendAsync(HttpMethod.Post, $"/api/v1/leads/{id}/analyze", null, HttpStatusCode.OK);
        Assert.True(analysis.GetProperty("score").GetDouble() >= 0.6);
        Assert.Equal("transfer_to_sales", analysis.GetProperty("recommendation").GetString());

        var sale = await SendAsync(HttpMethod.Post, $"/api/v1/leads/{id}/transfer?amount=50000", null, HttpStatusCode.Created);
        Assert.Equal(id, sale.GetProperty("lead_id").GetInt64());
        Assert.Equal("new", sale.GetProperty("stage").GetString());
        Assert.Equal(50000m, sale.GetProperty("amount").GetDecimal());
        var saleId = sale.GetProperty("id").GetInt64();

        await SaleStageAsync(saleId, "kyc");
        await SaleStageAsync(saleId, "agreement");
        var paid = await SaleStageAsync(saleId, "paid");
        Assert.Equal("paid", paid.GetProperty("stage").GetString());

        var lead = await SendAsync(HttpMethod.Get, $"/api/v1/leads/{id}", null, HttpStatusCode.OK);
        Assert.Equal("transferred", lead.GetProperty("stage").GetString());
        Assert.Equal(["new>contacted", "contacted>qualified", "qualified>transferred"],
            lead.GetProperty("history").EnumerateArray().Select(h => $"{h.GetProperty("from").GetString()}>{h.GetProperty("to").GetString()}"));
        var saleView = await SendAsync(HttpMethod.Get, $"/api/v1/sales/{saleId}", null, HttpStatusCode.OK);
        Assert.Equal(3, saleView.GetProperty("history").GetArrayLength());

        var totals = await SendAsync(HttpMethod.Get, "/api/v1/dashboard", null, HttpStatusCode.OK);
        Assert.Equal(1, totals.GetProperty("leads_total").GetInt32());
        Assert.Equal(50000m, totals.GetProperty("paid_amount").GetDecimal());
        Assert.Equal(1.0, totals.GetProperty("lead_to_sale_conversion").GetDouble());
        var funnel = await SendAsync(HttpMethod.Get, "/api/v1/dashboard/conversion-funnel", null, HttpStatusCode.OK);
        Assert.All(funnel.EnumerateArray(), step => Assert.Equal(1, step.GetProperty("reached").GetInt32()));
        var velocity = await SendAsync(HttpMethod.Get, "/api/v1/dashboard/velocity", null, HttpStatusCode.OK);
        Assert.Equal(["lead:contacted", "lead:new", "lead:qualified", "sale:agreement", "sale:kyc", "sale:new"],
            velocity.EnumerateArray().Select(v => $"{v.GetProperty("entity").GetString()}:{v.GetProperty("stage").GetString()}").Order());
    }

    [Theory]
    [InlineData(new[] { "qualified" }, "Cannot transition from 'new' to 'qualified'")]
    [InlineData(new[] { "contacted", "new" }, "Cannot transition from 'contacted' to 'new'")]
    [InlineData(new[] { "lost", "contacted" }, "Cannot transition from 'lost' to 'contacted'")]
    [InlineData(new[] { "contacted", "qualified", "transferred" }, "Cannot transition from 'qualified' to 'transferred': use POST")]
    public async Task Invalid_lead_transitions_are_409_with_the_seed_message(string[] stages, string message)
    {
        var id = await NewLeadAsync();
        foreach (var stage in stages[..^1])
        {
            await StageAsync(id, stage);
        }
        var problem = await StageAsync(id, stages[^1], HttpStatusCode.Conflict);
        Assert.StartsWith(message, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_sale_transitions_are_409()
    {
        var id = await ReadyLeadAsync();
        await SendAsync(HttpMethod.Post, $"/api/v1/leads/{id}/transfer?amount=10", null, HttpStatusCode.Created);
        var problem = await SaleStageAsync(id, "agreement", HttpStatusCode.Conflict);
        Assert.Equal("Cannot transition from 'new' to 'agreement'", problem.GetProperty("detail").GetString());
        await SaleStageAsync(id, "lost");
        await SaleStageAsync(id, "kyc", HttpStatusCode.Conflict);
    }

    private async Task<long> ReadyLeadAsync(string? domain = "first")
    {
        var id = await NewLeadAsync(domain: domain);
        await StageAsync(id, "contacted");
        await StageAsync(id, "qualified");
        return id;
    }

    [Fact]
    public async Task Transfer_gate_already_transferred_is_409()
    {
        var id = await ReadyLeadAsync();
        await SendAsync(HttpMethod.Post, $"/api/v1/leads/{id}/transfer?amount=10", null, HttpStatusCode.Created);
        var problem = await SendAsync(HttpMethod.Post, $"/api/v1/leads/{id}/transfer?amount=10", null, HttpStatusCode.Conflict);
        Assert.Contains("already transferred", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transfer_gate_business_domain_is_422_naming_it()
    {
        var id = await ReadyLeadAsync(domain: null);
        var problem = await SendAsync(HttpMethod.Post, $"/api/v1/leads/{id}/transfer?amount=10", null, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("business_domain", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Transfer_gate_score_is_422_naming_ai_score()
    {
        // A scanner lead, never contacted by activity: qualified by hand, it still scores 0.55 (< 0.6).
        var id = await NewLeadAsync(source: "scanner");
        await StageAsync(id, "contacted");
        await StageAsync(id, "qualified");
        var problem = await SendAsync(HttpMethod.Post, $"/api/v1/leads/{id}/transfer?amount=10", null, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("ai_score", problem.GetProperty("field").GetString());
        var lead = await SendAsync(HttpMethod.Get, $"/api/v1/leads/{id}", null, HttpStatusCode.OK);
        Assert.Equal("qualified", lead.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Transfer_gate_stage_refuses_a_lead_that_is_not_qualified()
    {
        var id = await NewLeadAsync();
        await SendAsync(HttpMethod.Post, $"/api/v1/leads/{id}/messages", new { increment = 10 }, HttpStatusCode.OK);
        var problem = await SendAsync(HttpMethod.Post, $"/api/v1/leads/{id}/transfer?amount=10", null, HttpStatusCode.Conflict);
        Assert.Equal("Cannot transition from 'contacted' to 'transferred'", problem.GetProperty("detail").GetString());
        await SendAsync(HttpMethod.Get, "/api/v1/sales/" + id, null, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task First_message_moves_new_to_contacted_automatically()
    {
        var id = await NewLeadAsync();
        var lead = await SendAsync(HttpMethod.Post, $"/api/v1/leads/{id}/messages", new { increment = 5 }, HttpStatusCode.OK);
        Assert.Equal("contacted", lead.GetProperty("stage").GetString());
        Assert.Equal(5, lead.GetProperty("message_count").GetInt32());
        lead = await SendAsync(HttpMethod.Post, $"/api/v1/leads/{id}/messages", new { increment = 2 }, HttpStatusCode.OK);
        Assert.Equal(7, lead.GetProperty("message_count").GetInt32());
        var history = (await SendAsync(HttpMethod.Get, $"/api/v1/leads/{id}", null, HttpStatusCode.OK)).GetProperty("history");
        var only = Assert.Single(history.EnumerateArray());
        Assert.True(only.GetProperty("automated").GetBoolean());
    }

    [Fact]
    public async Task Bant_of_fifty_qualifies_and_seventy_five_asks_the_owner_for_a_meeting()
    {
        await app.Client.PostAsync("/api/demo/seed", null);
        var mid = await NewLeadAsync(owner: "m-ivan");
        var lead = await SendAsync(HttpMethod.Post, $"/api/v1/leads/{mid}/bant", new { budget = 15, authority = 10, need = 15, timeline = 10 }, HttpStatusCode.OK);
        Assert.Equal("qualified", lead.GetProperty("stage").GetString());
        Assert.Equal(50, lead.GetProperty("bant").GetProperty("total").GetInt32());
        Assert.Equal(0, lead.GetProperty("recommendations").GetArrayLength());

        var hot = await NewLeadAsync(owner: "m-ivan");
        lead = await SendAsync(HttpMethod.Post, $"/api/v1/leads/{hot}/bant", new { budget = 25, authority = 20, need = 20, timeline = 15 }, HttpStatusCode.OK);
        var recommendation = Assert.Single(lead.GetProperty("recommendations").EnumerateArray());
        Assert.Equal("schedule_meeting", recommendation.GetProperty("type").GetString());
        Assert.Equal("urgent", recommendation.GetProperty("urgency").GetString());
        var alert = Assert.Single(await app.Get<OutboxRepository>().ListAsync(null, "m-ivan", 10, default), m => m.Kind == OutboxKind.LeadRecommendation);
        Assert.Contains($"Лид #{hot}", alert.Text, StringComparison.Ordinal);

        var low = await NewLeadAsync();
        lead = await SendAsync(HttpMethod.Post, $"/api/v1/leads/{low}/bant", new { budget = 10, authority = 10, need = 10, timeline = 10 }, HttpStatusCode.OK);
        Assert.Equal("contacted", lead.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Analysis_is_cached_until_the_lead_changes_or_is_forced()
    {
        var id = await NewLeadAsync();
        var first = await SendAsync(HttpMethod.Post, $"/api/v1/leads/{id}/analyze", null, HttpStatusCode.OK);
        var second = await SendAsync(HttpMethod.Post, $"/api/v1/leads/{id}/analyze", null, HttpStatusCode.OK);
        var forced = await SendAsync(HttpMethod.Post, $"/api/v1/leads/{id}/analyze?force=true", null, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Post, $"/api/v1/leads/{id}/messages", new { increment = 3 }, HttpStatusCode.OK);
        var changed = await SendAsync(HttpMethod.Post, $"/api/v1/leads/{id}/analyze", null, HttpStatusCode.OK);

        Assert.False(first.GetProperty("cached").GetBoolean());
        Assert.True(second.GetProperty("cached").GetBoolean());
        Assert.False(forced.GetProperty("cached").GetBoolean());
        Assert.False(changed.GetProperty("cached").GetBoolean());
        Assert.True(changed.GetProperty("score").GetDouble() > first.GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task Concurrent_stage_changes_on_one_lead_let_exactly_one_win()
    {
        var id = await NewLeadAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            app.Client.PatchAsJsonAsync($"/api/v1/leads/{id}/stage", new { stage = "contacted" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var history = (await SendAsync(HttpMethod.Get, $"/api/v1/leads/{id}", null, HttpStatusCode.OK)).GetProperty("history");
        Assert.Single(history.EnumerateArray());
    }

    [Fact]
    public async Task Leads_page_and_filter()
    {
        for (var i = 0; i < 5; i++)
        {
            await NewLeadAsync(source: "partner");
        }
        var manual = await NewLeadAsync(source: "manual");
        await StageAsync(manual, "contacted");

        var seen = new List<long>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await SendAsync(HttpMethod.Get, "/api/v1/leads?page_size=4" + (next is null ? "" : "&continuation=" + next), null, HttpStatusCode.OK);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetInt64()));
            next = page.GetProperty("next").ValueKind == JsonValueKind.String ? page.GetProperty("next").GetString() : null;
            pages++;
        }
        while (next is not null && pages < 10);
        Assert.Equal(6, seen.Distinct().Count());
        Assert.Equal(seen.Order(), seen);
        Assert.True(pages >= 2);

        var partners = await SendAsync(HttpMethod.Get, "/api/v1/leads?source=partner&page_size=100", null, HttpStatusCode.OK);
        Assert.Equal(5, partners.GetProperty("count").GetInt32());
        var contacted = await SendAsync(HttpMethod.Get, "/api/v1/leads?stage=contacted", null, HttpStatusCode.OK);
        Assert.Equal([manual], contacted.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetInt64()));
        var byStage = await SendAsync(HttpMethod.Get, "/api/v1/dashboard/leads-by-stage", null, HttpStatusCode.OK);
        Assert.Equal(5, byStage.GetProperty("new").GetInt32());
        Assert.Equal(1, byStage.GetProperty("contacted").GetInt32());
    }

    [Theory]
    [InlineData("/api/v1/leads?stage=won", "stage")]
    [InlineData("/api/v1/leads?source=telegram", "source")]
    [InlineData("/api/v1/leads?page_size=0", "page_size")]
    [InlineData("/api/v1/leads?page_size=101", "page_size")]
    [InlineData("/api/v1/leads?continuation=%25%25%25", "continuation")]
    [InlineData("/api/v1/leads?continuation=bm90LWEtdG9rZW4", "continuation")]
    [InlineData("/api/v1/leads?manager_id=a%2Fb", "manager_id")]
    [InlineData("/api/v1/sales?stage=shipped", "stage")]
    [InlineData("/api/v1/leads/abc", "id")]
    [InlineData("/api/v1/leads/0", "id")]
    [InlineData("/api/v1/sales/-3", "id")]
    public async Task Bad_queries_and_ids_are_400_naming_the_field(string path, string field)
    {
        var problem = await SendAsync(HttpMethod.Get, path, null, HttpStatusCode.BadRequest);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Unknown_lead_and_sale_are_404()
    {
        await SendAsync(HttpMethod.Get, "/api/v1/leads/987654", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Patch, "/api/v1/leads/987654/stage", new { stage = "contacted" }, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Post, "/api/v1/leads/987654/transfer", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Patch, "/api/v1/sales/987654/stage", new { stage = "kyc" }, HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string, string?> BadBodies => new()
    {
        { "/api/v1/leads", """{"source":"telegram"}""", "source" },
        { "/api/v1/leads", """{"business_domain":"first"}""", "source" },
        { "/api/v1/leads", """{"source":"partner","business_domain":"First Domain!"}""", "business_domain" },
        { "/api/v1/leads", """{"source":"partner","contact":{"email":"not-an-email"}}""", "contact.email" },
        { "/api/v1/leads", """{"source":"partner","contact":{"phone":"12"}}""", "contact.phone" },
        { "/api/v1/leads", """{"source":"partner","owner_manager_id":"bad id"}""", "owner_manager_id" },
        { "/api/v1/leads", """{"source": 5}""", "$.source" },
        { "/api/v1/leads", """{"source":"partner" """, null },
        { "/api/v1/leads", "", null },
        { "/api/v1/leads/{id}/messages", """{"increment":0}""", "increment" },
        { "/api/v1/leads/{id}/messages", """{"increment":"five"}""", "$.increment" },
        { "/api/v1/leads/{id}/messages", """{}""", "increment" },
        { "/api/v1/leads/{id}/bant", """{"budget":30,"authority":1,"need":1,"timeline":1}""", "budget" },
        { "/api/v1/leads/{id}/bant", """{"budget":1,"authority":1,"need":1}""", "timeline" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Malformed_bodies_are_400_and_change_nothing(string path, string body, string? field)
    {
        var id = await NewLeadAsync();
        var response = await app.Client.PostAsync(path.Replace("{id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
            new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            Assert.Equal(field, (await app.JsonAsync(response)).GetProperty("field").GetString());
        }
        var lead = await SendAsync(HttpMethod.Get, $"/api/v1/leads/{id}", null, HttpStatusCode.OK);
        Assert.Equal("new", lead.GetProperty("stage").GetString());
        Assert.Equal(0, lead.GetProperty("message_count").GetInt32());
        var totals = await SendAsync(HttpMethod.Get, "/api/v1/dashboard", null, HttpStatusCode.OK);
        Assert.Equal(1, totals.GetProperty("leads_total").GetInt32());
    }

    [Theory]
    [InlineData("PATCH", "/api/v1/leads/{id}/stage", """{"stage":"won"}""", "stage")]
    [InlineData("PATCH", "/api/v1/leads/{id}/stage", """{}""", "stage")]
    [InlineData("POST", "/api/v1/leads/{id}/transfer?amount=-5", "", "amount")]
    [InlineData("POST", "/api/v1/leads/{id}/transfer?amount=abc", "", "amount")]
    [InlineData("POST", "/api/v1/leads/{id}/transfer?amount=1.234", "", "amount")]
    [InlineData("POST", "/api/v1/leads/{id}/analyze?force=perhaps", "", "force")]
    public async Task Bad_stage_amount_and_flags_are_400_naming_the_field(string method, string path, string body, string field)
    {
        var id = await NewLeadAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await app.JsonAsync(response)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Unknown_owner_is_422()
    {
        var problem = await SendAsync(HttpMethod.Post, "/api/v1/leads", new { source = "manual", owner_manager_id = "nobody" }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("owner_manager_id", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task OpenApi_document_lists_the_pipeline_endpoints()
    {
        var document = await SendAsync(HttpMethod.Get, "/api/openapi/v1.json", null, HttpStatusCode.OK);
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/leads", "/api/v1/leads/{id}/stage", "/api/v1/leads/{id}/transfer", "/api/v1/sales/{id}/stage", "/api/v1/dashboard/conversion-funnel", "/api/deals/{dealId}/analyze" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from the OpenAPI document");
        }
    }
}
