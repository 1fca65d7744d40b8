using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Messaging;

/// <summary>GET /api/outbox reads every message, a page at a time, like the lead list.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OutboxPagingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task More_messages_than_one_page_are_all_read_by_following_next()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var now = DateTimeOffset.UtcNow;
        var messages = Enumerable.Range(0, 2143).Select(i => new OutboxMessage
        {
            Id = $"m{i:D5}", ManagerId = $"mgr{i % 7}", ChatId = 1000 + (i % 7), Kind = OutboxKind.ManagerSummary, Text = "x",
            Status = i % 10 == 0 ? OutboxStatus.Sent : OutboxStatus.Pending, CreatedAt = now, NextAttemptAt = now,
        }).ToList();
        await app.Get<OutboxRepository>().EnqueueAsync(messages, default);

        var seen = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await app.Client.GetFromJsonAsync<JsonElement>("/api/outbox?limit=1000" + (next is null ? "" : "&continuation=" + next));
            seen.AddRange(page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
            Assert.Equal(page.GetProperty("messages").GetArrayLength(), page.GetProperty("count").GetInt32());
            next = page.GetProperty("next").GetString();
            pages++;
        }
        while (next is not null && pages < 10);

        Assert.Equal(messages.Select(m => m.Id).Order(), seen.Order());
        Assert.Equal(3, pages);

        var pending = await app.Client.GetFromJsonAsync<JsonElement>("/api/outbox?status=pending&manager_id=mgr3&limit=1000");
        Assert.All(pending.GetProperty("messages").EnumerateArray(), m => Assert.Equal(("mgr3", "pending"), (m.GetProperty("manager_id").GetString(), m.GetProperty("status").GetString())));
        Assert.Equal(messages.Count(m => m.ManagerId == "mgr3" && m.Status == OutboxStatus.Pending), pending.GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("%F0%9F%92%A9")]
    [InlineData("bm90LWEtdG9rZW4")]
    public async Task A_continuation_token_that_was_not_issued_is_400_naming_it(string token)
    {
        await using var app = await TestApp.StartAsync(azurite);
        var response = await app.Client.GetAsync("/api/outbox?continuation=" + token);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("continuation", (await app.JsonAsync(response)).GetProperty("field").GetString());
    }
}
