using System.Net;
using System.Text.Json.Nodes;
using SalesCoach.Core.Agent;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Crm;
using SalesCoach.Core.Crm.Sync;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Crm;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Agent;

/// <summary>Interventions end to end on a real Azurite: a GREEN-API webhook in, the owner's Telegram outbox out; once per message, throttled per chat.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class InterventionFlowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestApp app = null!;

    public async Task InitializeAsync()
    {
        app = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?>(GreenApiWire.Settings) { ["Agent:InterventionThrottle"] = "00:10:00" });
        await app.Get<ManagerRepository>().UpsertAsync(new Manager { Id = GreenApiWire.Manager, Name = "Анна", TimeZone = "Europe/Moscow", Team = "t", TelegramChatId = 7001 }, default);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private static JsonObject Incoming(string messageId, string text, string phone = "79161234567", DateTimeOffset? at = null) =>
        GreenApiWire.Node("incoming-textMessage.json")
            .With("idMessage", messageId)
            .With("timestamp", (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds())
            .With("senderData.chatId", $"{phone}@c.us")
            .With("senderData.sender", $"{phone}@c.us")
            .With("messageData.textMessageData.textMessage", text);

    private async Task DeliverAsync(JsonObject body) => Assert.Equal(HttpStatusCode.OK, (await app.DeliverAsync(body)).StatusCode);

    private async Task<List<OutboxMessage>> InterventionsQueuedAsync() =>
        [.. (await app.Get<OutboxRepository>().ListAsync(null, GreenApiWire.Manager, 100, default)).Where(m => m.Kind == OutboxKind.Intervention)];

    [Fact]
    public async Task A_price_objection_reaches_the_owner_once_even_when_redelivered()
    {
        var body = Incoming("3AOBJ0001", "Хм, дороговато для нас. На Rozetka видел дешевле");
        await DeliverAsync(body);
        await DeliverAsync(body);

        var queued = Assert.Single(await InterventionsQueuedAsync());
        Assert.Equal(7001, queued.ChatId);
        Assert.Contains("Возражение по цене", queued.Text, StringComparison.Ordinal);
        Assert.Contains("Rozetka", queued.Text, StringComparison.Ordinal);
        Assert.Contains("VERHANDLUNGS-JUDO", queued.Text, StringComparison.Ordinal);
        var stored = Assert.Single(await app.Get<InterventionRepository>().ListAsync(GreenApiWire.ClientChat, default));
        Assert.Equal(InterventionStatus.Queued, stored.Status);
        Assert.Equal([Signal.PriceObjection, Signal.Competitor], stored.Signals);
        Assert.True(stored.QueuedAt >= stored.ReceivedAt);
        var facts = await app.Get<AgentMemory>().ListAsync(GreenApiWire.Manager, default);
        Assert.Equal(["objection", "competitor"], facts.Select(f => f.Type));
        var action = Assert.Single(await app.Get<ActionLog>().ListAsync(1, default), a => a.Type == "intervention");
        Assert.True(action.Success);
    }

    [Fact]
    public async Task A_second_signal_in_the_same_chat_within_the_window_is_recorded_but_not_sent()
    {
        await DeliverAsync(Incoming("3ATHR0001", "Скидку сделаете?"));
        await DeliverAsync(Incoming("3ATHR0002", "Ок, беру, выставьте счёт"));
        await DeliverAsync(Incoming("3ATHR0003", "дорого", phone: "79160000001"));

        Assert.Equal(2, (await InterventionsQueuedAsync()).Count);
        var inChat = await app.Get<InterventionRepository>().ListAsync(GreenApiWire.ClientChat, default);
        Assert.Equal([InterventionStatus.Queued, InterventionStatus.Throttled], inChat.OrderBy(i => i.SentAt).ThenBy(i => i.MessageId).Select(i => i.Status));
    }

    [Fact]
    public async Task Plain_old_and_unowned_messages_get_no_intervention()
    {
        await DeliverAsync(Incoming("3APLAIN01", "Спасибо, посылку получила 👍"));
        await DeliverAsync(Incoming("3AOLD0001", "Дорого!", at: DateTimeOffset.UtcNow.AddHours(-3)));
        Assert.Empty(await InterventionsQueuedAsync());
        Assert.Empty(await app.Get<InterventionRepository>().ListAsync(null, default));

        var unowned = await app.Get<InterveneOnInboundMessage>().RunAsync(
            new InboundClientMessage("greenapi", "x1", "wa-70000000000", null, null, null, "Дорого", DateTimeOffset.UtcNow, null), default);
        Assert.Equal(InterventionStatus.NoOwner, unowned!.Status);
        Assert.False(Assert.Single(await app.Get<ActionLog>().ListAsync(1, default)).Success);
    }

    [Fact]
    public async Task A_high_value_client_writing_anything_alerts_the_deal_owner()
    {
        var now = DateTimeOffset.UtcNow;
        await app.Get<DealRepository>().UpsertAsync(new Deal { Id = "amo-77", Name = "Оснащение офиса", ManagerId = GreenApiWire.Manager, Budget = 900_000m, Stage = "Переговоры", CreatedAt = now.AddDays(-3), UpdatedAt = now }, default);

        // An amoCRM note on the deal: no chat, the deal's owner is the addressee.
        var intervention = await app.Get<InterveneOnInboundMessage>().RunAsync(
            new InboundClientMessage("amocrm", "amo-note-5", null, "amo-77", null, null, "Клиент просит прислать спецификацию", now, now), default);

        Assert.Equal(InterventionStatus.Queued, intervention!.Status);
        Assert.Equal([Signal.HighValue], intervention.Signals);
        Assert.Equal("deal-amo-77", intervention.Conversation);
        var queued = Assert.Single(await InterventionsQueuedAsync());
        Assert.Equal("amo-77", queued.DealId);
        Assert.Contains("900 000 RUB", queued.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chat_pull_passes_new_client_messages_on_and_an_import_does_not()
    {
        var now = DateTimeOffset.UtcNow;
        ChatMessage Message(string id, string chat) => new() { Id = id, ChatId = chat, Direction = Direction.Inbound, SentAt = now, Text = "Беру, выставьте счёт", Source = "retailcrm" };
        Chat Chat(string id) => new() { Id = id, Channel = Channel.Whatsapp, ManagerId = GreenApiWire.Manager, ClientName = "Ирина", CreatedAt = now, UpdatedAt = now };
        var writer = app.Get<CrmWriter>();

        await writer.WriteAsync(CrmBatch.Empty with { Chats = [Chat("mg-1")], Messages = [Message("mg-m1", "mg-1")] }, default);
        Assert.Empty(await InterventionsQueuedAsync());

        await writer.WriteAsync(CrmBatch.Empty with { Chats = [Chat("mg-2")], Messages = [Message("mg-m2", "mg-2")], Live = true }, default);
        var queued = Assert.Single(await InterventionsQueuedAsync());
        Assert.Contains("Сигнал покупки", queued.Text, StringComparison.Ordinal);
        Assert.Contains("Ирина", queued.Text, StringComparison.Ordinal);
    }
}
