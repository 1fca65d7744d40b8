using System.Net;
using System.Text.Json.Nodes;
using SalesCoach.Tests.Fakes;

namespace SalesCoach.Tests.Crm;

/// <summary>The loopback RetailCRM answers in the documented shapes, so the client tests prove something about the real one.</summary>
public sealed class FakeRetailCrmServerTests : IAsyncLifetime
{
    private FakeRetailCrmServer retail = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        retail = (await FakeRetailCrmServer.StartNewAsync()).WithFixtures();
        http = new HttpClient { BaseAddress = retail.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await retail.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(string pathAndQuery, string? apiKey = FakeRetailCrmServer.ApiKey, string? botToken = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (apiKey is not null)
        {
            request.Headers.Add("X-API-KEY", apiKey);
        }
        if (botToken is not null)
        {
            request.Headers.Add("X-Bot-Token", botToken);
        }
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task Api_pages_carry_success_the_list_and_pagination_as_the_fixtures_do()
    {
        var (status, body) = await GetAsync("/api/v5/users?limit=20&page=2");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body["success"]!.GetValue<bool>());
        Assert.Equal(3, body["users"]!.AsArray().Count);
        Assert.Equal(FakeRetailCrmServer.Fixture("retailcrm/users-page2.json")["pagination"]!.ToJsonString(), body["pagination"]!.ToJsonString());
    }

    [Fact]
    public async Task A_page_size_retailcrm_does_not_offer_is_refused_with_errors()
    {
        var (status, body) = await GetAsync("/api/v5/orders?limit=25");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(body["success"]!.GetValue<bool>());
        Assert.NotNull(body["errors"]!["limit"]);
    }

    [Fact]
    public async Task Order_filters_of_one_request_all_apply_and_a_malformed_date_is_refused()
    {
        var (_, created) = await GetAsync("/api/v5/orders?limit=100&filter%5BcreatedAtFrom%5D=2026-11-28%2000:00:00");
        var (_, both) = await GetAsync("/api/v5/orders?limit=100&filter%5BcreatedAtFrom%5D=2026-11-28%2000:00:00&filter%5BstatusUpdatedAtFrom%5D=2026-11-30%2000:00:00");
        var (status, bad) = await GetAsync("/api/v5/orders?filter%5BcreatedAtFrom%5D=2026-11-28T00:00:00Z");

        Assert.Equal([45008, 45009, 45018, 45019], created["orders"]!.AsArray().Select(o => o!["id"]!.GetValue<int>()));
        Assert.Equal([45009, 45019], both["orders"]!.AsArray().Select(o => o!["id"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(bad["errors"]!["filter[createdAtFrom]"]);
    }

    [Fact]
    public async Task A_wrong_api_key_is_refused_as_retailcrm_does()
    {
        var (status, body) = await GetAsync("/api/v5/users", apiKey: "nope");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.False(body["success"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Mg_lists_are_bare_arrays_after_since_id_and_never_longer_than_1000()
    {
        for (var i = 0; i < 1200; i++)
        {
            var chat = retail.Chats[0].DeepClone().AsObject();
            chat["id"] = 10_000 + i;
            retail.Chats.Add(chat);
        }

        var (status, page) = await GetAsync("/api/bot/v1/chats?limit=5000", apiKey: null, botToken: FakeRetailCrmServer.BotToken);
        var (_, after) = await GetAsync("/api/bot/v1/chats?since_id=4131&limit=2", apiKey: null, botToken: FakeRetailCrmServer.BotToken);
        var (refused, _) = await GetAsync("/api/bot/v1/chats", apiKey: null, botToken: "nope");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1000, page.AsArray().Count);
        Assert.Equal([4138, 4142], after.AsArray().Select(c => c!["id"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
    }
}
