// Owns the tests of the GREEN-API webhook's wire format: every fixture through the endpoint, chat ids, message types, edits and deletions, unknown types.
using System.Net;
using System.Text.Json.Nodes;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Crm.GreenApi;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Infrastructure;
using static SalesCoach.Tests.Crm.GreenApiWire;

namespace SalesCoach.Tests.Crm;

/// <summary>GREEN-API notifications (the fixtures written from the documented formats) into the chat model, through the real endpoint.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class GreenApiWebhookTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestApp app = null!;

    public async Task InitializeAsync() => app = await TestApp.StartAsync(azurite, settings: Settings);

    public async Task DisposeAsync() => await app.DisposeAsync();

    private ChatRepository Chats => app.Get<ChatRepository>();

    private async Task<JsonObject> DeliveredAsync(JsonObject body)
    {
        var response = await app.DeliverAsync(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private Task<JsonObject> DeliveredAsync(string fixture) => DeliveredAsync(Node(fixture));

    private async Task<ChatMessage> StoredAsync(string chatId, string messageId) =>
        Assert.Single(await Chats.ListMessagesAsync(chatId, default), m => m.Id == messageId);

    public static TheoryData<string, string, string, Direction, string> MessageFixtures => new()
    {
        { "incoming-textMessage.json", ClientChat, "3A1F6C0E9B2D47A5C8E1", Direction.Inbound, "Добрый день! Получили ваше КП, есть пара вопросов по срокам поставки кресел." },
        { "incoming-extendedTextMessage.json", ClientChat, "3A7D02B4E6F81C9A5D30", Direction.Inbound, "Вот модель, которую хотим: https://mebel-vektor.ru/catalog/kresla/chester-grey" },
        { "incoming-quotedMessage.json", ClientChat, "3AC41E7B9F0D2A6B8E15", Direction.Inbound, "Да, 12 штук, как в спецификации" },
        { "incoming-textMessage-with-quote.json", ClientChat, "3A09D8C7B6A5F4E3D2C1", Direction.Inbound, "И доставку до склада на Складочной тоже посчитайте." },
        { "incoming-imageMessage-caption.json", ClientChat, "3AB7C2D9E1F0A4B6C8D2", Direction.Inbound, "Фото кабинета, где будут стоять столы" },
        { "incoming-videoMessage.json", ClientChat, "3A1122334455667788AA", Direction.Inbound, "Видео с объекта, проход 1,2 м" },
        { "incoming-documentMessage.json", ClientChat, "3A5E8F1A2B3C4D5E6F70", Direction.Inbound, "[document: Реквизиты ООО Северстрой.pdf]" },
        { "incoming-audioMessage.json", ClientChat, "3AF0E1D2C3B4A5968778", Direction.Inbound, "[audio]" },
        { "incoming-stickerMessage.json", ClientChat, "3A99AA88BB77CC66DD55", Direction.Inbound, "[sticker]" },
        { "incoming-locationMessage.json", ClientChat, "3A4D5E6F708192A3B4C5", Direction.Inbound, "[location: Склад «Северстрой», ул. Складочная, 1 стр. 18, Москва, 127018]" },
        { "incoming-contactMessage.json", ClientChat, "3AE5F60718293A4B5C6D", Direction.Inbound, "[contact: Ольга Бухгалтерия]" },
        { "incoming-pollMessage.json", ClientChat, "3A2B3C4D5E6F7A8B9C0D", Direction.Inbound, "[poll: Какой цвет обивки выбираем? — Серый / Графит / Бежевый]" },
        { "outgoingMessageReceived.json", ClientChat, "3EB0C4A1D2E3F4051627", Direction.Outbound, "Игорь Валентинович, по срокам: кресла — 5 рабочих дней, столы — 10. Скидку 3% согласовал." },
        { "outgoingAPIMessageReceived.json", ClientChat, "BAE5A1B2C3D4E5F6", Direction.Outbound, "Коммерческое предложение: https://mebel-vektor.ru/kp/2026-11-4512.pdf" },
        { "incoming-group-new-id.json", "wa-120363298765432101-g", "3A6B7C8D9E0F1A2B3C4D", Direction.Inbound, "Коллеги, проект по Северстрою утвердили, счёт можно выставлять." },
        { "incoming-group-legacy-id.json", "wa-79031234567-1603285611-g", "3A5C4B3A29180F7E6D5C", Direction.Inbound, "Напоминаю: планёрка в 10:00, отчёт по воронке за неделю у всех." },
    };

    [Theory]
    [MemberData(nameof(MessageFixtures))]
    public async Task Every_message_fixture_is_stored_with_its_text_caption_or_type_marker(string fixture, string chatId, string messageId, Direction direction, string text)
    {
        var answer = await DeliveredAsync(fixture);

        Assert.Equal(("stored", chatId, messageId), (answer["status"]!.GetValue<string>(), answer["chat_id"]!.GetValue<string>(), answer["message_id"]!.GetValue<string>()));
        var message = await StoredAsync(chatId, messageId);
        Assert.Equal((direction, text, "greenapi"), (message.Direction, message.Text, message.Source));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Node(fixture)["timestamp"]!.GetValue<long>()), message.SentAt);
        Assert.Equal(direction == Direction.Outbound ? Manager : null, message.ManagerId);
        var chat = await Chats.GetAsync(chatId, default);
        Assert.Equal((Channel.Whatsapp, Manager, message.SentAt), (chat!.Channel, chat.ManagerId, chat.UpdatedAt));
    }

    private static readonly string[] IgnoredFixtureNames =
        ["outgoingMessageStatus.json", "stateInstanceChanged.json", "statusInstanceChanged.json", "incomingCall.json", "incomingBlock.json", "quotaExceeded.json", "deviceInfo.json"];

    public static TheoryData<string> IgnoredFixtures => new(IgnoredFixtureNames);

    [Theory]
    [MemberData(nameof(IgnoredFixtures))]
    public async Task Known_notifications_that_are_not_messages_are_acknowledged_as_ignored_and_store_nothing(string fixture)
    {
        var answer = await DeliveredAsync(fixture);

        Assert.Equal("ignored", answer["status"]!.GetValue<string>());
        Assert.Equal(Node(fixture)["typeWebhook"]!.GetValue<string>(), answer["type_webhook"]!.GetValue<string>());
        Assert.Null(await Chats.GetAsync(ClientChat, default));
        Assert.Empty(await Chats.ListMessagesAsync(ClientChat, default));
        Assert.Empty(await app.Get<GreenApiTypeCounter>().ListAsync(default));
    }

    /// <summary>Fixtures for sending, read by the GREEN-API client tests rather than posted here.</summary>
    private static readonly string[] ClientFixtures = ["sendMessage-response.json", "error-429.json", "error-466.json", "error-466-method-quota.json"];

    /// <summary>Driven by the edit and deletion tests below.</summary>
    private static readonly string[] AmendmentFixtures = ["incoming-editedMessage.json", "incoming-deletedMessage.json"];

    [Fact]
    public void Every_GREEN_API_fixture_is_driven_by_a_test()
    {
        var driven = MessageFixtures.Cast<object[]>().Select(row => (string)row[0]).Concat(IgnoredFixtureNames).Concat(ClientFixtures).Concat(AmendmentFixtures);
        var present = Directory.GetFiles(FixtureDirectory).Select(Path.GetFileName);
        Assert.Empty(present.Except(driven));
    }

    [Fact]
    public async Task A_private_chat_keeps_the_clients_phone_and_name_and_an_outgoing_message_does_not_rename_it()
    {
        await DeliveredAsync("outgoingMessageReceived.json");
        await DeliveredAsync("incoming-textMessage.json");

        var chat = await Chats.GetAsync(ClientChat, default);
        Assert.Equal(("79161234567", "Игорь Лебедев"), (chat!.ClientPhone, chat.ClientName));
        Assert.Equal(2, (await Chats.ListMessagesAsync(ClientChat, default)).Count);
    }

    [Theory]
    [InlineData("incoming-group-new-id.json", "wa-120363298765432101-g", "Отдел продаж — Вектор")]
    [InlineData("incoming-group-legacy-id.json", "wa-79031234567-1603285611-g", "Продажи 2020")]
    public async Task A_group_chat_is_named_by_the_group_and_keeps_no_phone(string fixture, string chatId, string name)
    {
        await DeliveredAsync(fixture);

        var chat = await Chats.GetAsync(chatId, default);
        Assert.Equal((null, name), (chat!.ClientPhone, chat.ClientName));
    }

    [Theory]
    [InlineData("79001234567@c.us", "wa-79001234567", "79001234567")]
    [InlineData("120363043968066561@g.us", "wa-120363043968066561-g", null)]
    [InlineData("11001234567-1581234048@g.us", "wa-11001234567-1581234048-g", null)]
    public void Every_documented_chat_id_form_maps_to_a_valid_storage_id(string chatId, string storageId, string? phone)
    {
        var address = GreenApiWebhook.MapChatId(chatId);

        Assert.Equal((storageId, phone), (address!.StorageId, address.ClientPhone));
        Assert.True(Keys.IsValidId(address.StorageId));
        Assert.Equal(address, GreenApiWebhook.MapChatId(chatId));
    }

    [Theory]
    [InlineData("79001234567@s.whatsapp.net")]
    [InlineData("status@broadcast")]
    [InlineData("7900abc@c.us")]
    [InlineData("79001234567-1581234048@c.us")]
    [InlineData("11001234567-1581234048-1@g.us")]
    [InlineData("79001234567@c.us.evil")]
    [InlineData("../79001234567@c.us")]
    public void Other_chat_ids_do_not_map(string chatId) => Assert.Null(GreenApiWebhook.MapChatId(chatId));

    [Theory]
    [InlineData("incoming-imageMessage-caption.json", "image", "Фото кабинета, где будут стоять столы")]
    [InlineData("incoming-videoMessage.json", "video", "Видео с объекта, проход 1,2 м")]
    [InlineData("incoming-documentMessage.json", "document", "[document: Реквизиты ООО Северстрой.pdf]")]
    [InlineData("incoming-audioMessage.json", "audio", "[audio]")]
    [InlineData("incoming-locationMessage.json", "location", "[location: Склад «Северстрой», ул. Складочная, 1 стр. 18, Москва, 127018]")]
    [InlineData("incoming-contactMessage.json", "contact", "[contact: Ольга Бухгалтерия]")]
    [InlineData("incoming-pollMessage.json", "poll", "[poll: Какой цвет обивки выбираем? — Серый / Графит / Бежевый]")]
    public async Task The_short_typeMessage_forms_are_read_like_the_documented_ones(string fixture, string shortForm, string text)
    {
        var body = Node(fixture).With("messageData.typeMessage", shortForm);
        await DeliveredAsync(body);

        Assert.Equal(text, (await StoredAsync(ClientChat, body["idMessage"]!.GetValue<string>())).Text);
    }

    [Fact]
    public async Task An_image_without_a_caption_is_stored_as_a_type_marker()
    {
        await DeliveredAsync(Node("incoming-imageMessage-caption.json").With("messageData.fileMessageData.caption", ""));

        Assert.Equal("[image]", (await StoredAsync(ClientChat, "3AB7C2D9E1F0A4B6C8D2")).Text);
    }

    [Fact]
    public async Task A_location_without_a_name_is_stored_with_its_coordinates()
    {
        await DeliveredAsync(Node("incoming-locationMessage.json").Without("messageData.locationMessageData.nameLocation").Without("messageData.locationMessageData.address"));

        Assert.Equal("[location: 55.804982, 37.591047]", (await StoredAsync(ClientChat, "3A4D5E6F708192A3B4C5")).Text);
    }

    [Theory]
    [InlineData("reactionMessage", "[reaction: 👍]")]
    [InlineData("groupInviteMessage", "[groupInviteMessage]")]
    public async Task A_typeMessage_without_its_own_handling_is_stored_with_a_marker_not_refused(string typeMessage, string text)
    {
        var body = Node("incoming-extendedTextMessage.json")
            .With("messageData.typeMessage", typeMessage)
            .With("messageData.extendedTextMessageData", new JsonObject { ["text"] = "👍" });
        await DeliveredAsync(body);

        Assert.Equal(text, (await StoredAsync(ClientChat, "3A7D02B4E6F81C9A5D30")).Text);
    }

    [Fact]
    public async Task An_edit_replaces_the_text_of_the_message_it_names_and_adds_no_message()
    {
        await DeliveredAsync("incoming-textMessage.json");
        var answer = await DeliveredAsync("incoming-editedMessage.json");

        Assert.Equal(("amended", ClientChat, "3A1F6C0E9B2D47A5C8E1"), (answer["status"]!.GetValue<string>(), answer["chat_id"]!.GetValue<string>(), answer["message_id"]!.GetValue<string>()));
        var message = Assert.Single(await Chats.ListMessagesAsync(ClientChat, default));
        Assert.Equal("Добрый день! Получили ваше КП, есть пара вопросов по срокам поставки кресел и столов.", message.Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795507092), message.SentAt);
    }

    [Fact]
    public async Task An_edit_that_overtakes_its_message_is_applied_when_the_message_arrives()
    {
        await DeliveredAsync("incoming-editedMessage.json");
        Assert.Empty(await Chats.ListMessagesAsync(ClientChat, default));

        await DeliveredAsync("incoming-textMessage.json");

        Assert.EndsWith("кресел и столов.", (await StoredAsync(ClientChat, "3A1F6C0E9B2D47A5C8E1")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redelivered_original_does_not_undo_an_edit()
    {
        await DeliveredAsync("incoming-textMessage.json");
        await DeliveredAsync("incoming-editedMessage.json");
        await DeliveredAsync("incoming-textMessage.json");

        Assert.EndsWith("кресел и столов.", (await StoredAsync(ClientChat, "3A1F6C0E9B2D47A5C8E1")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_later_of_two_edits_stands_whatever_order_they_arrive_in()
    {
        JsonObject Edit(string id, long timestamp, string text) => Node("incoming-editedMessage.json")
            .With("idMessage", id).With("timestamp", timestamp).With("messageData.editedMessageData.textMessage", text);
        await DeliveredAsync("incoming-textMessage.json");
        await DeliveredAsync(Edit("3AD1E2F3A4B5C6D7E802", 1795517200, "second edit"));
        await DeliveredAsync(Edit("3AD1E2F3A4B5C6D7E801", 1795517100, "first edit"));

        Assert.Equal("second edit", (await StoredAsync(ClientChat, "3A1F6C0E9B2D47A5C8E1")).Text);
    }

    [Fact]
    public async Task A_deletion_marks_the_message_it_names_as_deleted()
    {
        await DeliveredAsync("incoming-stickerMessage.json");
        var answer = await DeliveredAsync("incoming-deletedMessage.json");

        Assert.Equal(("amended", "3A99AA88BB77CC66DD55"), (answer["status"]!.GetValue<string>(), answer["message_id"]!.GetValue<string>()));
        Assert.Equal("[deleted]", Assert.Single(await Chats.ListMessagesAsync(ClientChat, default)).Text);
    }

    [Fact]
    public async Task A_deletion_that_overtakes_its_message_still_marks_it()
    {
        await DeliveredAsync("incoming-deletedMessage.json");
        await DeliveredAsync("incoming-stickerMessage.json");

        Assert.Equal("[deleted]", (await StoredAsync(ClientChat, "3A99AA88BB77CC66DD55")).Text);
    }

    [Fact]
    public async Task Edits_and_deletions_that_name_no_message_are_stored_as_messages_with_a_marker()
    {
        await DeliveredAsync(Node("incoming-editedMessage.json").Without("messageData.editedMessageData.stanzaId"));
        await DeliveredAsync(Node("incoming-deletedMessage.json").Without("messageData.deletedMessageData.stanzaId"));

        Assert.Equal("[edited: Добрый день! Получили ваше КП, есть пара вопросов по срокам поставки кресел и столов.]", (await StoredAsync(ClientChat, "3AD1E2F3A4B5C6D7E8F9")).Text);
        Assert.Equal("[deleted]", (await StoredAsync(ClientChat, "3A0F1E2D3C4B5A697887")).Text);
    }

    [Fact]
    public async Task Unknown_notification_types_are_acknowledged_and_counted_per_type()
    {
        JsonObject Unknown(string type) => Node("stateInstanceChanged.json").With("typeWebhook", type);
        var answer = await DeliveredAsync(Unknown("incomingStatusReceived"));
        await DeliveredAsync(Unknown("incomingStatusReceived"));
        await DeliveredAsync(Unknown("somethingNew"));
        await DeliveredAsync(Unknown("a/b?#c"));

        Assert.Equal(("ignored", "incomingStatusReceived"), (answer["status"]!.GetValue<string>(), answer["type_webhook"]!.GetValue<string>()));
        var counts = (await app.Get<GreenApiTypeCounter>().ListAsync(default)).ToDictionary(t => t.TypeWebhook, t => t.Count);
        Assert.Equal(new Dictionary<string, long> { ["incomingStatusReceived"] = 2, ["somethingNew"] = 1, [GreenApiWebhook.OtherTypeKey] = 1 }, counts);
        Assert.Null(await Chats.GetAsync(ClientChat, default));
    }

    [Fact]
    public async Task Concurrent_unknown_notifications_are_all_counted()
    {
        var body = Node("stateInstanceChanged.json").With("typeWebhook", "incomingStatusReceived").ToJsonString();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.DeliverAsync(body)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(8, Assert.Single(await app.Get<GreenApiTypeCounter>().ListAsync(default)).Count);
    }

    [Fact]
    public async Task The_same_delivery_twice_is_answered_200_and_stored_once()
    {
        await DeliveredAsync("incoming-textMessage.json");
        await DeliveredAsync("incoming-textMessage.json");

        Assert.Single(await Chats.ListMessagesAsync(ClientChat, default));
    }

    [Fact]
    public async Task A_late_older_message_does_not_move_the_chat_back()
    {
        await DeliveredAsync("outgoingMessageReceived.json");
        await DeliveredAsync("incoming-textMessage.json");

        var chat = await Chats.GetAsync(ClientChat, default);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795518337), chat!.UpdatedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795507092), chat.CreatedAt);
    }
}
