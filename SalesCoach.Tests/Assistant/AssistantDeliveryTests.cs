// Owns what leaves for people: the manager's Telegram notes (order once, handed-off messages) and the WhatsApp outbox under GREEN-API's 466 and a dead sender.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SalesCoach.Core.Assistant;
using SalesCoach.Core.Assistant.Outgoing;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Assistant;

[Collection(AzuriteCollection.Name)]
public sealed class AssistantDeliveryTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Phone = "77001234567";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 10, 11, 0, 0, TimeSpan.FromHours(5)));
    private FakeGreenApiServer green = null!;
    private ServiceProvider services = null!;
    private int messages;

    public async Task InitializeAsync()
    {
        green = await FakeGreenApiServer.StartNewAsync();
        services = AssistantServicesBuilder.Build(azurite, time, new Dictionary<string, string?>
        {
            ["Assistant:ManagerId"] = "m-shop",
            ["GreenApi:ApiUrl"] = green.BaseAddress.ToString(),
            ["GreenApi:IdInstance"] = FakeGreenApiServer.IdInstance,
            ["GreenApi:ApiTokenInstance"] = FakeGreenApiServer.Token,
            ["GreenApi:MaxRetries"] = "1",
            ["GreenApi:RetryBaseDelay"] = "00:00:00.010",
        });
        await services.StockSampleShopAsync();
        await services.GetRequiredService<ManagerRepository>().UpsertAsync(new Manager { Id = "m-shop", Name = "Дана", TelegramChatId = 5001, TimeZone = "Asia/Almaty", Team = "shop" }, default);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await green.DisposeAsync();
    }

    private Task<AssistantResult> ClientSays(string text, string? id = null) =>
        services.GetRequiredService<AnswerClientMessage>().RunAsync(new IncomingMessage(Phone, id ?? $"3A{++messages:D6}", text, time.GetUtcNow(), Simulation: false), default);

    private async Task<IReadOnlyList<OutboxMessage>> Telegram(OutboxKind kind) =>
        (await services.GetRequiredService<OutboxRepository>().ListAsync(null, "m-shop", 100, default)).Where(m => m.Kind == kind).ToList();

    private Task<SendWhatsAppResult> Send() => services.GetRequiredService<SendWhatsAppOutbox>().RunAsync(default);

    [Fact]
    public async Task An_order_notifies_the_manager_in_Telegram_once_even_when_the_confirmation_is_redelivered()
    {
        foreach (var text in new[] { "Хочу заказать кроссовки Соло 38", "Астана", "ул. Кенесары 4, кв 12" })
        {
            await ClientSays(text);
        }
        var placed = await ClientSays("да", "3AYES");
        var again = await ClientSays("да", "3AYES");
        Assert.NotNull(placed.Order);
        Assert.True(again.Duplicate);
        var note = Assert.Single(await Telegram(OutboxKind.AssistantOrder));
        Assert.Contains(placed.Order!, note.Text);
        Assert.Contains("Кроссовки Соло", note.Text);
        Assert.Contains("Астана, ул. Кенесары 4, кв 12", note.Text);
    }

    [Fact]
    public async Task A_handed_off_client_s_messages_go_to_the_manager_and_get_no_answer()
    {
        await ClientSays("Можно расплатиться криптовалютой?");
        var silent = await ClientSays("Алло, ответьте");
        Assert.Empty(silent.Replies);
        var notes = await Telegram(OutboxKind.AssistantHandoff);
        Assert.Equal(2, notes.Count); // the handoff with the question, then the forwarded message
        Assert.Contains(notes, n => n.Text.Contains("криптовалютой", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Text.Contains("Алло, ответьте", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replies_are_sent_in_order_and_marked_sent_with_GREEN_API_s_id()
    {
        await ClientSays("Есть рассрочка?");
        await ClientSays("А где находится магазин?");
        var result = await Send();
        Assert.Equal(2, result.Sent);
        var sent = await services.GetRequiredService<WhatsAppOutbox>().ListForChatAsync(Phone + "@c.us", default);
        Assert.All(sent, m => Assert.Equal(WhatsAppOutboxStatus.Sent, m.Status));
        Assert.All(sent, m => Assert.Matches("^BAE5", m.GreenApiMessageId!));
        Assert.Equal(["Kaspi Red", "Абая, 52"], green.Requests.Select(r => r.Message!.Contains("Kaspi Red", StringComparison.Ordinal) ? "Kaspi Red" : r.Message!.Contains("Абая, 52", StringComparison.Ordinal) ? "Абая, 52" : r.Message!));
        Assert.Equal(0, (await Send()).Sent); // nothing sent twice
    }

    [Fact]
    public async Task Quota_used_up_466_stops_the_run_and_waits_an_hour_without_losing_the_message()
    {
        await ClientSays("Есть рассрочка?");
        await ClientSays("А где находится магазин?");
        green.ExhaustQuota();
        var result = await Send();
        Assert.Equal((0, 1), (result.Sent, result.Rescheduled));
        Assert.Single(green.Requests); // the run stopped at the 466: the second message was not tried
        var waiting = await services.GetRequiredService<WhatsAppOutbox>().ListForChatAsync(Phone + "@c.us", default);
        Assert.All(waiting, m => Assert.Equal(WhatsAppOutboxStatus.Pending, m.Status));
        Assert.Contains("466", waiting[0].LastError);

        time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, (await Send()).Sent); // the second waits behind the first: the chat keeps its order
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(2, (await Send()).Sent);
        Assert.Equal(["Kaspi", "Абая"], green.Requests.Where(r => r.Status == 200).Select(r => r.Message!.Contains("Kaspi", StringComparison.Ordinal) ? "Kaspi" : "Абая"));
    }

    [Fact]
    public async Task A_message_left_sending_by_a_dead_sender_is_marked_uncertain_and_not_resent()
    {
        await ClientSays("Есть рассрочка?");
        var outbox = services.GetRequiredService<WhatsAppOutbox>();
        var (message, etag) = Assert.Single(await outbox.ListDueAsync(WhatsAppOutboxStatus.Pending, time.GetUtcNow(), 10, default));
        await outbox.TryUpdateAsync(message with { Status = WhatsAppOutboxStatus.Sending, NextAttemptAt = time.GetUtcNow() + SendWhatsAppOutbox.ClaimDuration }, etag, default);
        time.Advance(SendWhatsAppOutbox.ClaimDuration + TimeSpan.FromSeconds(1));
        var result = await Send();
        Assert.Equal((0, 1), (result.Sent, result.Uncertain));
        Assert.Empty(green.Requests);
    }
}
