using System.Text.Json.Nodes;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Crm.RetailCrm;
using SalesCoach.Core.Crm.Sync;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Crm;

/// <summary>The MG Bot API part of the RetailCRM pull (chats, messages, authors, order links) against the loopback fake.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RetailCrmMgSyncTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private FakeRetailCrmServer retail = null!;
    private TestApp app = null!;

    public async Task InitializeAsync()
    {
        retail = (await FakeRetailCrmServer.StartNewAsync()).WithFixtures();
        // The fixtures hold chat 4127's messages; the other chats' last messages come with the chat list.
        foreach (var chat in retail.Chats.Where(c => c["id"]!.GetValue<long>() != 4127))
        {
            retail.Messages.Add(chat["last_message"]!.DeepClone().AsObject());
        }
        app = await StartAppAsync(mgPageSize: 3);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await retail.DisposeAsync();
    }

    private Task<TestApp> StartAppAsync(int? mgPageSize = null, string botToken = FakeRetailCrmServer.BotToken) =>
        TestApp.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["RetailCrm:BaseUrl"] = retail.BaseAddress.ToString(),
            ["RetailCrm:ApiKey"] = FakeRetailCrmServer.ApiKey,
            ["RetailCrm:MgUrl"] = retail.BaseAddress.ToString(),
            ["RetailCrm:MgToken"] = botToken,
            ["RetailCrm:PageSize"] = "100",
            ["RetailCrm:MgPageSize"] = mgPageSize?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RetailCrm:RetryBaseDelay"] = "00:00:00.050",
        });

    private Task<SyncState> PullAsync() => app.Get<RunSync>().RunAsync("retailcrm", default);

    private Task<IReadOnlyList<ChatMessage>> MessagesAsync(long mgChatId) => app.Get<ChatRepository>().ListMessagesAsync($"rc-chat-{mgChatId}", default);

    private JsonObject Message(long id) => retail.Messages.Single(m => m["id"]!.GetValue<long>() == id);

    private JsonObject Chat(long id) => retail.Chats.Single(c => c["id"]!.GetValue<long>() == id);

    private JsonObject OrderOf(long id) => retail.Orders.Single(o => o["id"]!.GetValue<long>() == id);

    [Fact]
    public async Task Chats_and_messages_are_paged_with_since_id_until_a_page_comes_back_short()
    {
        var state = await PullAsync();

        Assert.Equal((SyncStatus.Succeeded, 0), (state.Status, state.LastRejected));
        var chatPages = retail.RequestsTo("/api/bot/v1/chats");
        Assert.Equal([null, "4138"], chatPages.Select(q => q.GetValueOrDefault("since_id")));
        Assert.All(chatPages, q => Assert.Equal("3", q["limit"]));
        var messagePages = retail.RequestsTo("/api/bot/v1/messages").Where(q => q["chat_id"] == "4127").ToList();
        Assert.Equal([null, "412703", "412706"], messagePages.Select(q => q.GetValueOrDefault("since_id")));
        Assert.Equal(7, (await MessagesAsync(4127)).Count);
        Assert.Single(await MessagesAsync(4142));
    }

    [Fact]
    public async Task Only_whatsapp_and_instagram_chats_are_kept_and_others_are_skipped_not_rejected()
    {
        var state = await PullAsync();

        Assert.Equal(0, state.LastRejected);
        Assert.Equal(3, state.LastCounts.Chats);
        Assert.Null(await app.Get<ChatRepository>().GetAsync("rc-chat-4138", default)); // telegram
        Assert.DoesNotContain(retail.RequestsTo("/api/bot/v1/messages"), q => q["chat_id"] == "4138");
        var chat = (await app.Get<ChatRepository>().GetAsync("rc-chat-4127", default))!;
        Assert.Equal((Channel.Whatsapp, "Игорь Лебедев", "79161234567"), (chat.Channel, chat.ClientName, chat.ClientPhone));
        Assert.Equal("rc-14", chat.ManagerId); // last_dialog.responsible 3114 is user 14's mgUserId
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 7, 2, 11, 904, TimeSpan.Zero).AddTicks(5180), chat.UpdatedAt); // its newest message
    }

    [Fact]
    public async Task Customers_are_inbound_users_outbound_and_bots_and_the_platform_are_kept_as_system_messages()
    {
        await PullAsync();

        var messages = await MessagesAsync(4127);
        Assert.Equal(
            [("rc-msg-412701", true), ("rc-msg-412702", false), ("rc-msg-412703", true), ("rc-msg-412704", true), ("rc-msg-412705", false), ("rc-msg-412706", false), ("rc-msg-412707", false)],
            messages.Select(m => (m.Id, m.IsSystem)));
        Assert.Equal(Direction.Inbound, messages[1].Direction);
        Assert.Null(messages[1].ManagerId);
        Assert.Equal((Direction.Outbound, "rc-14"), (messages[4].Direction, messages[4].ManagerId));
        Assert.Null(messages[2].ManagerId); // the bot is nobody's manager
        Assert.Equal("Вот так сейчас выглядит офис", messages[5].Text); // an image's caption
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 7, 21, 33, 815, TimeSpan.Zero).AddTicks(2200), messages[4].SentAt);
    }

    [Fact]
    public async Task A_manager_message_without_external_id_falls_back_to_the_mg_user_id_and_the_mapping_is_recorded()
    {
        Message(412705)["from"]!.AsObject().Remove("external_id");
        var stranger = Message(412705).DeepClone().AsObject();
        stranger["id"] = 412708;
        stranger["from"] = new JsonObject { ["id"] = 9999, ["type"] = "user", ["name"] = "Оператор MG" };
        retail.Messages.Add(stranger);
        Chat(4127)["last_message"]!["id"] = 412708;

        await PullAsync();

        var messages = await MessagesAsync(4127);
        Assert.Equal("rc-14", messages.Single(m => m.Id == "rc-msg-412705").ManagerId); // MG user 3114 = RetailCRM user 14 by mgUserId
        Assert.Equal("rc-mg-9999", messages.Single(m => m.Id == "rc-msg-412708").ManagerId);
        Assert.Equal("Оператор MG", (await app.Get<ManagerRepository>().GetAsync("rc-mg-9999", default))!.Name);
        var fallbacks = await new RetailCrmLinks(app.Get<StorageAccount>()).ListFallbacksAsync(default);
        Assert.Equal([(3114L, "rc-14", true), (9999L, "rc-mg-9999", false)], fallbacks.OrderBy(f => f.MgUserId).Select(f => (f.MgUserId, f.ManagerId, f.MatchedByMgUserId)));
    }

    [Fact]
    public async Task A_second_pull_reads_only_the_new_messages_of_chats_that_have_any()
    {
        await PullAsync();
        var next = Message(412707).DeepClone().AsObject();
        next["id"] = 412708;
        next["content"] = "Счёт получили, оплатим сегодня";
        next["created_at"] = "2026-11-26T07:00:00.000000Z";
        retail.Messages.Add(next);
        Chat(4127)["last_message"]!["id"] = 412708;
        retail.ForgetRequests();

        var second = await PullAsync();

        var messageRequests = retail.RequestsTo("/api/bot/v1/messages");
        var request = Assert.Single(messageRequests);
        Assert.Equal(("4127", "412707"), (request["chat_id"], request["since_id"]));
        Assert.Equal(1, second.LastCounts.Messages);
        Assert.Equal(8, (await MessagesAsync(4127)).Count);
    }

    [Fact]
    public async Task A_chat_is_linked_to_the_order_made_from_its_dialog_and_the_report_sees_the_conversion()
    {
        OrderOf(45001)["dialogId"] = 88101; // chat 4127's dialog

        await PullAsync();

        Assert.Equal("rc-45001", (await app.Get<ChatRepository>().GetAsync("rc-chat-4127", default))!.OrderId);
        Assert.Null((await app.Get<ChatRepository>().GetAsync("rc-chat-4131", default))!.OrderId);
        var report = await app.Get<BuildChatReport>().RunAsync(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), default);
        var conversion = report.Table("spin_conversion").Rows.ToDictionary(r => (string)r[0]!, r => (int)r[1]!);
        Assert.Equal(1, conversion["order"]);
        Assert.Equal(2, conversion["no_order"]);
    }

    [Fact]
    public async Task An_order_that_names_the_dialog_after_its_chat_was_read_links_it_on_a_later_pull()
    {
        await PullAsync();
        OrderOf(45002)["dialogId"] = 88157; // chat 4131's last dialog
        OrderOf(45002)["statusUpdatedAt"] = FakeRetailCrmServer.AccountTime(DateTimeOffset.UtcNow);
        retail.ForgetRequests();

        await PullAsync();

        Assert.Empty(retail.RequestsTo("/api/bot/v1/messages")); // the chat had no news
        Assert.Equal("rc-45002", (await app.Get<ChatRepository>().GetAsync("rc-chat-4131", default))!.OrderId);
    }

    [Fact]
    public async Task A_chat_that_carries_an_order_id_is_linked_whether_it_is_a_number_or_a_string()
    {
        // Not in MG's SDK types; read if sent.
        Chat(4142)["order_id"] = 45010;
        Chat(4131)["order_id"] = "45011";

        await PullAsync();

        Assert.Equal("rc-45010", (await app.Get<ChatRepository>().GetAsync("rc-chat-4142", default))!.OrderId);
        Assert.Equal("rc-45011", (await app.Get<ChatRepository>().GetAsync("rc-chat-4131", default))!.OrderId);
    }

    [Fact]
    public async Task Mg_items_that_fail_validation_are_rejected_and_counted_and_the_rest_are_kept()
    {
        Message(412706)["from"]!["type"] = "robot";
        Message(412707)["created_at"] = "yesterday";
        var noChannel = Chat(4142).DeepClone().AsObject();
        noChannel["id"] = 4150;
        noChannel.Remove("channel");
        retail.Chats.Add(noChannel);

        var state = await PullAsync();

        Assert.Equal(SyncStatus.Succeeded, state.Status);
        Assert.Equal(3, state.LastRejected);
        Assert.Equal(5, (await MessagesAsync(4127)).Count);
        Assert.Null(await app.Get<ChatRepository>().GetAsync("rc-chat-4150", default));
    }

    [Fact]
    public async Task Mg_rate_limits_503_and_429_are_waited_out_through_the_pipeline()
    {
        retail.FailMessaging(503);
        retail.FailMessaging(429);

        var state = await PullAsync();

        Assert.Equal(SyncStatus.Succeeded, state.Status);
        Assert.Equal(7, (await MessagesAsync(4127)).Count);
        Assert.Equal(3, retail.RequestsTo("/api/bot/v1/chats").Count(q => !q.ContainsKey("since_id"))); // 503, 429, then 200
    }

    [Fact]
    public async Task The_mg_limit_is_never_above_1000_and_paging_goes_past_it()
    {
        await using var large = await StartAppAsync(mgPageSize: 5000);
        var template = Message(412702);
        for (var i = 1; i <= 2345; i++)
        {
            var message = template.DeepClone().AsObject();
            message["id"] = 500_000 + i;
            message["created_at"] = new DateTimeOffset(2026, 11, 24, 7, 0, 0, TimeSpan.Zero).AddSeconds(i).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture);
            retail.Messages.Add(message);
        }
        Chat(4127)["last_message"]!["id"] = 502_345;

        await large.Get<RunSync>().RunAsync("retailcrm", default);

        var pages = retail.RequestsTo("/api/bot/v1/messages").Where(q => q["chat_id"] == "4127").ToList();
        Assert.All(pages, q => Assert.Equal("1000", q["limit"]));
        Assert.Equal([null, "500993", "501993"], pages.Select(q => q.GetValueOrDefault("since_id")));
        Assert.Equal(7 + 2345, (await large.Get<ChatRepository>().ListMessagesAsync("rc-chat-4127", default)).Count);
    }

    [Fact]
    public async Task A_wrong_bot_token_fails_the_pull_with_the_reason()
    {
        await using var wrong = await StartAppAsync(botToken: "not-the-token");

        await Assert.ThrowsAsync<OutboundHttpException>(() => wrong.Get<RunSync>().RunAsync("retailcrm", default));

        var (state, _) = await wrong.Get<SyncRepository>().GetAsync("retailcrm", default);
        Assert.Contains("401", state.LastError, StringComparison.Ordinal);
    }
}
