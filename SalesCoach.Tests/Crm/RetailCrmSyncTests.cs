using System.Text.Json.Nodes;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Crm.Sync;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Crm;

/// <summary>The RetailCRM v5 and MG Bot API pull against a loopback RetailCRM.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RetailCrmSyncTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private FakeRetailCrmServer retail = null!;
    private TestApp app = null!;

    public async Task InitializeAsync()
    {
        retail = await FakeRetailCrmServer.StartNewAsync();
        retail.Users.Add(new JsonObject { ["id"] = 7, ["firstName"] = "Анна", ["lastName"] = "Смирнова", ["active"] = true });
        retail.Customers.Add(new JsonObject { ["id"] = 300, ["firstName"] = "Ерлан", ["lastName"] = "Касымов" });
        for (var i = 1; i <= 5; i++)
        {
            retail.Orders.Add(new JsonObject
            {
                ["id"] = 1000 + i, ["number"] = $"{1000 + i}A", ["createdAt"] = "2026-11-10 10:00:00", ["statusUpdatedAt"] = $"2026-11-1{i} 12:00:00",
                ["status"] = i == 5 ? "complete" : "new", ["totalSumm"] = 25000 + i, ["managerId"] = 7, ["customer"] = new JsonObject { ["id"] = 300 },
            });
        }
        retail.Orders.Add(new JsonObject { ["id"] = 2000, ["number"] = "bad", ["createdAt"] = "10/11/2026", ["status"] = "new", ["managerId"] = 7 });
        retail.Chats.Add(new JsonObject
        {
            ["id"] = 55, ["channel"] = new JsonObject { ["id"] = 1, ["type"] = "whatsapp" },
            ["customer"] = new JsonObject { ["id"] = 300, ["name"] = "Ерлан", ["phone"] = "+77001234567" },
            ["created_at"] = "2026-11-18T09:00:00Z", ["last_activity"] = "2026-11-18T09:20:00Z",
        });
        retail.Messages.Add(new JsonObject { ["id"] = 1, ["chat_id"] = 55, ["type"] = "text", ["content"] = "Есть в наличии?", ["from"] = new JsonObject { ["type"] = "customer", ["id"] = 300 }, ["created_at"] = "2026-11-18T09:00:00Z" });
        retail.Messages.Add(new JsonObject { ["id"] = 2, ["chat_id"] = 55, ["type"] = "text", ["content"] = "Да, отправим завтра", ["from"] = new JsonObject { ["type"] = "user", ["id"] = 7 }, ["created_at"] = "2026-11-18T09:20:00Z" });

        app = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["RetailCrm:BaseUrl"] = retail.BaseAddress.ToString(),
            ["RetailCrm:ApiKey"] = FakeRetailCrmServer.ApiKey,
            ["RetailCrm:MgUrl"] = retail.BaseAddress.ToString(),
            ["RetailCrm:MgToken"] = FakeRetailCrmServer.BotToken,
            ["RetailCrm:PageSize"] = "2",
            ["RetailCrm:RetryBaseDelay"] = "00:00:00.050",
        });
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await retail.DisposeAsync();
    }

    [Fact]
    public async Task A_pull_brings_managers_orders_and_whatsapp_chats_through_every_page()
    {
        retail.Fail(429);
        retail.Fail(502);
        var state = await app.Get<RunSync>().RunAsync("retailcrm", default);

        Assert.Equal(SyncStatus.Succeeded, state.Status);
        Assert.Equal(5, state.LastCounts.Deals);
        Assert.Equal(1, state.LastRejected); // the order with a malformed date
        Assert.Equal("Анна Смирнова", (await app.Get<ManagerRepository>().GetAsync("rc-7", default))!.Name);
        var order = await app.Get<DealRepository>().GetAsync("rc-1001", default);
        Assert.Equal("Ерлан Касымов", order!.ClientName);
        Assert.Equal(new DateTimeOffset(2026, 11, 10, 7, 0, 0, TimeSpan.Zero), order.CreatedAt); // 10:00 Moscow
        Assert.Equal(DealStatus.Won, (await app.Get<DealRepository>().GetAsync("rc-1005", default))!.Status);
        Assert.Contains(retail.Requests, r => r.StartsWith("/api/v5/orders?limit=2&page=3", StringComparison.Ordinal));

        var chat = await app.Get<ChatRepository>().GetAsync("rc-chat-55", default);
        Assert.Equal(Channel.Whatsapp, chat!.Channel);
        Assert.Equal("77001234567", chat.ClientPhone);
        var messages = await app.Get<ChatRepository>().ListMessagesAsync("rc-chat-55", default);
        Assert.Equal([Direction.Inbound, Direction.Outbound], messages.Select(m => m.Direction));
        Assert.Equal("rc-7", messages[1].ManagerId);
    }

    [Fact]
    public async Task The_next_pull_asks_only_for_orders_updated_since_the_last()
    {
        var first = await app.Get<RunSync>().RunAsync("retailcrm", default);
        Assert.NotNull(first.Cursor);
        await app.Get<RunSync>().RunAsync("retailcrm", default);
        Assert.Contains(retail.Requests, r => r.Contains("filter[updatedAtFrom]=", StringComparison.Ordinal) || r.Contains("filter%5BupdatedAtFrom%5D=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_api_key_fails_the_pull_with_the_reason()
    {
        await using var wrong = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["RetailCrm:BaseUrl"] = retail.BaseAddress.ToString(),
            ["RetailCrm:ApiKey"] = "not-the-key",
        });
        await Assert.ThrowsAsync<OutboundHttpException>(() => wrong.Get<RunSync>().RunAsync("retailcrm", default));
        var (state, _) = await wrong.Get<SyncRepository>().GetAsync("retailcrm", default);
        Assert.Equal(SyncStatus.Failed, state.Status);
        Assert.Contains("401", state.LastError, StringComparison.Ordinal);
    }
}
