// Owns the WhatsApp path end to end: a GREEN-API notification in, the assistant's answer out through the loopback GREEN-API (texts, photos), once.
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using SalesCoach.Core.Assistant.Knowledge;
using SalesCoach.Core.Assistant.Samples;
using SalesCoach.Core.Assistant.Stock;
using SalesCoach.Tests.Crm;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Assistant;

[Collection(AzuriteCollection.Name)]
public sealed class AssistantWhatsAppTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string ClientChatId = "79161234567@c.us";
    private FakeGreenApiServer green = null!;
    private TestApp app = null!;
    private int sequence;

    public async Task InitializeAsync()
    {
        green = await FakeGreenApiServer.StartNewAsync();
        var settings = GreenApiWire.Settings;
        settings["GreenApi:ApiUrl"] = green.BaseAddress.ToString();
        settings["GreenApi:IdInstance"] = FakeGreenApiServer.IdInstance;
        settings["GreenApi:ApiTokenInstance"] = FakeGreenApiServer.Token;
        settings["GreenApi:RetryBaseDelay"] = "00:00:00.050";
        settings["Assistant:OutboxSchedule"] = "*/1 * * * * *";
        app = await TestApp.StartAsync(azurite, dispatcher: true, settings: settings);
        // All but one document straight into the container; the upload of the last one indexes them all (once).
        var documents = AssistantSamples.KnowledgeDocuments();
        foreach (var (name, content) in documents.SkipLast(1))
        {
            await app.Get<KnowledgeStore>().UploadAsync(name, content, default);
        }
        (await app.Client.PutAsync($"/api/assistant/knowledge/{documents[^1].Name}", new ByteArrayContent(documents[^1].Content))).EnsureSuccessStatusCode();
        (await app.Client.PutAsync("/api/assistant/inventory", new ByteArrayContent(InventoryWorkbook.Sample()))).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await green.DisposeAsync();
    }

    /// <summary>The documented incomingMessageReceived fixture with this text and a fresh idMessage.</summary>
    private JsonObject Incoming(string text, string? id = null) => GreenApiWire.Node("incoming-textMessage.json")
        .With("idMessage", id ?? $"3AE{++sequence:D17}")
        .With("messageData.textMessageData.textMessage", text);

    private static async Task<T> EventuallyAsync<T>(Func<T?> probe, string what) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } found)
            {
                return found;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Not within 30 s: {what}");
    }

    [Fact]
    public async Task A_client_question_is_answered_on_WhatsApp_from_the_knowledge_base_once_even_when_redelivered()
    {
        var notification = Incoming("Сколько стоит доставка курьером по Алматы?");
        Assert.Equal(HttpStatusCode.OK, (await app.DeliverAsync(notification.DeepClone().AsObject())).StatusCode);

        var answer = await EventuallyAsync(() => green.Requests.FirstOrDefault(r => r.ChatId == ClientChatId && r.Status == 200), "the answer sent with sendMessage");
        Assert.Contains("1 500 ₸", answer.Message);

        Assert.Equal(HttpStatusCode.OK, (await app.DeliverAsync(notification)).StatusCode); // GREEN-API resends the same notification
        await Task.Delay(1500);
        Assert.Single(green.Requests, r => r.ChatId == ClientChatId);
    }

    [Fact]
    public async Task Photos_go_out_with_sendFileByUrl_as_links_GREEN_API_can_download()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 0xFF, 0xD9];
        using var photo = new ByteArrayContent(jpeg);
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        (await app.Client.PutAsync("/api/assistant/photos/milan-beige-1.jpg?product=" + Uri.EscapeDataString("Лоферы Милан") + "&color=" + Uri.EscapeDataString("бежевые"), photo)).EnsureSuccessStatusCode();
        (await app.Client.PutAsync("/api/assistant/photos/milan-black-1.jpg?product=" + Uri.EscapeDataString("Лоферы Милан") + "&color=" + Uri.EscapeDataString("черные"), new ByteArrayContent(jpeg))).EnsureSuccessStatusCode();

        await app.DeliverAsync(Incoming("Лоферы Милан бежевые"));
        await EventuallyAsync(() => green.Requests.FirstOrDefault(r => r.ChatId == ClientChatId), "the stock answer");
        await app.DeliverAsync(Incoming("Пришлите фото"));

        var file = await EventuallyAsync(() => green.Files.FirstOrDefault(), "a photo sent with sendFileByUrl");
        Assert.Equal((ClientChatId, "milan-beige-1.jpg", 200, (long)jpeg.Length), (file.ChatId, file.FileName, file.Status, file.Downloaded));
        Assert.Contains("sig=", file.UrlFile); // a SAS link, not the bare blob
        await Task.Delay(1200);
        Assert.Single(green.Files); // the black photo is not sent for a beige request
    }

    [Fact]
    public async Task A_rate_limited_send_is_retried_and_arrives()
    {
        green.Fail(429, 5); // more than one send's retries: the outbox reschedules and sends on a later run
        await app.DeliverAsync(Incoming("Есть рассрочка?"));
        var answer = await EventuallyAsync(() => green.Requests.FirstOrDefault(r => r.ChatId == ClientChatId && r.Status == 200), "the answer after the 429s");
        Assert.Contains("Kaspi", answer.Message);
        Assert.Equal(5, green.Requests.Count(r => r.Status == 429));
    }

    [Fact]
    public async Task Notifications_the_assistant_does_not_answer_are_stored_and_acknowledged_as_before()
    {
        var status = GreenApiWire.Node("outgoingMessageStatus.json");
        Assert.Equal(HttpStatusCode.OK, (await app.DeliverAsync(status)).StatusCode);
        var outgoing = GreenApiWire.Node("outgoingMessageReceived.json");
        Assert.Equal(HttpStatusCode.OK, (await app.DeliverAsync(outgoing)).StatusCode);
        var group = GreenApiWire.Node("incoming-group-new-id.json");
        Assert.Equal(HttpStatusCode.OK, (await app.DeliverAsync(group)).StatusCode);
        await Task.Delay(1500);
        Assert.Empty(green.Requests);
    }
}
