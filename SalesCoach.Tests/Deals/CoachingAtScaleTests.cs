using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Deals;

/// <summary>
/// One manager with 2,000 open deals and a history of closed ones, through the real path: import over
/// HTTP, a team run on the Durable engine, the outbox, and the read endpoints, on Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CoachingAtScaleTests(AzuriteFixture azurite)
{
    private const int OpenDeals = 2000;
    private const int MaxCards = 3;

    internal static string Import(int closedDeals)
    {
        var now = DateTimeOffset.UtcNow;
        var records = new JsonArray
        {
            new JsonObject { ["type"] = "manager", ["id"] = "big", ["name"] = "Pat Big", ["time_zone"] = "America/Chicago", ["team"] = "east", ["language"] = "en", ["telegram_chat_id"] = 5001 },
            new JsonObject { ["type"] = "manager", ["id"] = "other", ["name"] = "Olga", ["time_zone"] = "Europe/Moscow", ["team"] = "east", ["telegram_chat_id"] = 5002 },
        };
        for (var i = 0; i < OpenDeals; i++)
        {
            records.Add(new JsonObject
            {
                ["type"] = "deal", ["id"] = $"o{i}", ["name"] = $"Open deal {i}", ["manager_id"] = "big",
                ["stage"] = i % 2 == 0 ? "Engaging" : "Prospecting", ["product"] = $"P{i % 3}",
                ["budget"] = 100 + i * 37 % 5000, ["currency"] = "USD",
                ["created_at"] = now.AddDays(-(1 + i % 700)).ToString("O"),
            });
        }
        for (var i = 0; i < closedDeals; i++)
        {
            var created = now.AddDays(-400 + i % 300);
            var closed = created.AddDays(5 + i % 60);
            var won = i % 3 == 0 ? i % 4 != 0 : i % 5 == 0;
            var owner = i % 2 == 0 ? "big" : "other";
            records.Add(new JsonObject
            {
                ["type"] = "deal", ["id"] = $"c{i}", ["name"] = $"Closed deal {i}", ["manager_id"] = owner,
                ["stage"] = won ? "Won" : "Lost", ["status"] = won ? "won" : "lost", ["product"] = $"P{i % 3}",
                ["budget"] = 100 + i * 53 % 5000, ["currency"] = "USD",
                ["created_at"] = created.ToString("O"), ["closed_at"] = closed.ToString("O"), ["updated_at"] = closed.ToString("O"),
            });
            records.Add(new JsonObject
            {
                ["type"] = "activity", ["id"] = $"c{i}-close", ["deal_id"] = $"c{i}", ["kind"] = "stage_change",
                ["occurred_at"] = closed.ToString("O"), ["from_stage"] = "Engaging", ["to_stage"] = won ? "Won" : "Lost",
            });
        }
        return records.ToJsonString();
    }

    private static async Task<TestApp> StartAsync(AzuriteFixture azurite, int closedDeals)
    {
        var app = await TestApp.StartAsync(azurite, dispatcher: true, settings: new Dictionary<string, string?>
        {
            ["Coaching:MaxCardsPerRun"] = MaxCards.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Coaching:SummaryLines"] = "8",
        });
        using var imported = await app.Client.PostAsync("/api/import", new StringContent(Import(closedDeals), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        return app;
    }

    [Fact]
    public async Task Two_thousand_deals_give_one_manager_a_few_cards_one_summary_and_a_ranked_list_behind_it()
    {
        await using var app = await StartAsync(azurite, closedDeals: 400);
        var started = await app.JsonAsync(await app.Client.PostAsync("/api/deals/analyze-all", null));
        var runId = started.GetProperty("run_id").GetString()!;
        var run = await app.WaitForRunAsync(runId, TimeSpan.FromMinutes(3));
        Assert.Equal("completed", run.GetProperty("status").GetString());

        var messages = (await app.Get<OutboxRepository>().ListAsync(null, "big", 100_000, CancellationToken.None)).Where(m => m.RunId == runId).ToList();
        var cards = messages.Where(m => m.Kind == OutboxKind.DealCard).ToList();
        var summaries = messages.Where(m => m.Kind == OutboxKind.ManagerSummary).ToList();
        Assert.InRange(cards.Count, 1, MaxCards);
        var summary = Assert.Single(summaries);
        Assert.True(summary.Text.Length <= TelegramHtml.MaxMessageLength);
        Assert.StartsWith("📊 <b>DEALS SUMMARY</b>", summary.Text, StringComparison.Ordinal);
        Assert.Contains("2,000 deals open", summary.Text, StringComparison.Ordinal);
        Assert.Contains("Win probability: model of the team's history", summary.Text, StringComparison.Ordinal);
        Assert.Contains("more: GET /api/managers/big/deals?sort=risk", summary.Text, StringComparison.Ordinal);
        Assert.All(cards, c => Assert.Contains("(model of the team's history)", c.Text, StringComparison.Ordinal));

        // "and N more" leads somewhere: every open deal, once, in rank order, a page at a time.
        var seen = new List<JsonElement>();
        string? continuation = null;
        do
        {
            var page = await app.Client.GetFromJsonAsync<JsonElement>($"/api/managers/big/deals?sort=risk&page_size=200{(continuation is null ? "" : "&continuation=" + continuation)}");
            Assert.Equal(OpenDeals, page.GetProperty("total").GetInt32());
            seen.AddRange(page.GetProperty("deals").EnumerateArray());
            continuation = page.TryGetProperty("continuation", out var token) ? token.GetString() : null;
        }
        while (continuation is not null);
        Assert.Equal(OpenDeals, seen.Select(d => d.GetProperty("deal_id").GetString()).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, OpenDeals), seen.Select(d => d.GetProperty("rank").GetInt32()));
        var values = seen.Select(d => d.GetProperty("value_at_risk").GetDecimal()).ToList();
        Assert.Equal(values.OrderByDescending(v => v), values);
        // The deals carded are the top of the ranking that deserve a card.
        var carded = cards.Select(c => c.DealId!).ToHashSet();
        Assert.All(seen.Take(MaxCards).Where(d => d.GetProperty("risk_level").GetString() == "high"),
            d => Assert.Contains(d.GetProperty("deal_id").GetString()!, carded));
        Assert.Contains("no calls or messages recorded", seen[0].GetProperty("risk_reasons").GetString(), StringComparison.Ordinal);

        // The latest analysis of a deal, with the probability's source.
        var top = seen[0].GetProperty("deal_id").GetString()!;
        var analysis = await app.Client.GetFromJsonAsync<JsonElement>($"/api/deals/{top}/analysis");
        Assert.Equal("model", analysis.GetProperty("forecast").GetProperty("source").GetString());
        Assert.Equal("en", analysis.GetProperty("language").GetString());
        Assert.True(analysis.GetProperty("value_at_risk").GetDecimal() > 0);

        // The model and its evaluation.
        var model = await app.Client.GetFromJsonAsync<JsonElement>("/api/coaching/model");
        var current = model.GetProperty("current");
        Assert.Equal("model", current.GetProperty("status").GetString());
        Assert.Equal(400, current.GetProperty("closed_deals").GetInt32());
        Assert.True(current.GetProperty("evaluation").GetProperty("model").GetProperty("auc").GetDouble() > 0.5);
        Assert.Equal(10, current.GetProperty("evaluation").GetProperty("model").GetProperty("reliability").GetArrayLength());
        Assert.False(current.GetProperty("norms").GetProperty("touches_recorded").GetBoolean());
    }

    [Fact]
    public async Task Without_enough_history_cards_show_the_rule_based_estimate_and_the_model_says_why()
    {
        await using var app = await StartAsync(azurite, closedDeals: 40);
        var refit = await app.JsonAsync(await app.Client.PostAsync("/api/coaching/model/refit", null));
        Assert.Equal("rules", refit.GetProperty("status").GetString());
        Assert.Contains("40 closed deals", refit.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var page = await app.Client.GetFromJsonAsync<JsonElement>("/api/managers/big/deals?page_size=5");
        Assert.Equal(5, page.GetProperty("deals").GetArrayLength());
        Assert.All(page.GetProperty("deals").EnumerateArray(), d => Assert.Equal("rules", d.GetProperty("probability_source").GetString()));
        var analyzed = await app.JsonAsync(await app.Client.PostAsync($"/api/deals/{page.GetProperty("deals")[0].GetProperty("deal_id").GetString()}/analyze", null));
        Assert.NotEqual(JsonValueKind.Undefined, analyzed.ValueKind);
    }

    [Fact]
    public async Task Import_stores_the_managers_language_and_the_deals_product_and_refuses_an_unknown_language()
    {
        await using var app = await StartAsync(azurite, closedDeals: 0);
        Assert.Equal("en", (await app.Get<Core.Managers.ManagerRepository>().GetAsync("big", CancellationToken.None))!.Language);
        Assert.Equal("P1", (await app.Get<Core.Deals.DealRepository>().GetAsync("o1", CancellationToken.None))!.Product);

        using var refused = await app.Client.PostAsync("/api/import", new StringContent(
            """[{"type":"manager","id":"x","name":"X","time_zone":"UTC","language":"de"}]""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("language", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await app.Get<Core.Managers.ManagerRepository>().GetAsync("x", CancellationToken.None));
    }

    [Theory]
    [InlineData("/api/managers/big/deals?sort=name", "sort")]
    [InlineData("/api/managers/big/deals?page_size=0", "page_size")]
    [InlineData("/api/managers/big/deals?page_size=201", "page_size")]
    [InlineData("/api/managers/big/deals?continuation=%21%21not-ours", "continuation")]
    [InlineData("/api/managers/bad%20id/deals", "managerId")]
    [InlineData("/api/deals/bad%20id/analysis", "dealId")]
    [InlineData("/api/coaching/model?history=99", "history")]
    public async Task Bad_read_requests_are_400_problems_naming_the_parameter(string url, string field)
    {
        await using var app = await TestApp.StartAsync(azurite);
        using var response = await app.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/managers/nobody/deals")]
    [InlineData("/api/deals/never-analysed/analysis")]
    public async Task Unknown_manager_or_unanalysed_deal_is_a_404_problem(string url)
    {
        await using var app = await TestApp.StartAsync(azurite);
        using var response = await app.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("{\"holdout_from\": \"not a date\"}", "holdout_from")]
    [InlineData("{\"holdout_from\": \"2999-01-01\"}", "holdout_from")]
    [InlineData("{\"holdout_from\": 5}", "holdout_from")]
    [InlineData("{\"holdout_from\": ", "$")]
    public async Task Bad_refit_bodies_are_400_problems_naming_the_field(string body, string field)
    {
        await using var app = await TestApp.StartAsync(azurite);
        using var response = await app.Client.PostAsync("/api/coaching/model/refit", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Nothing was fitted or stored.
        var model = await app.Client.GetFromJsonAsync<JsonElement>("/api/coaching/model");
        Assert.False(model.TryGetProperty("current", out var current) && current.ValueKind != JsonValueKind.Null);
    }
}
