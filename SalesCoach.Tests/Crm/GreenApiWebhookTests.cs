using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Crm;

/// <summary>GREEN-API's webhook wire format into the chat model: auth, idempotency, ordering, bad input.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class GreenApiWebhookTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Token = "loopback-webhook-token";
    private TestApp app = null!;

    public async Task InitializeAsync() => app = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?>
    {
        ["GreenApi:WebhookToken"] = Token,
        ["GreenApi:InstanceManagers:1101000001"] = "m-anna",
    });

    public async Task DisposeAsync() => await app.DisposeAsync();

    private static JsonObject Incoming(string id = "BAE5F4886F6F2D05", long timestamp = 1795000000, string text = "Здравствуйте! Сколько стоит доставка?") => new()
    {
        ["typeWebhook"] = "incomingMessageReceived",
        ["instanceData"] = new JsonObject { ["idInstance"] = 1101000001, ["wid"] = "77010000000@c.us", ["typeInstance"] = "whatsapp" },
        ["timestamp"] = timestamp,
        ["idMessage"] = id,
        ["senderData"] = new JsonObject { ["chatId"] = "77001234567@c.us", ["sender"] = "77001234567@c.us", ["senderName"] = "Айгуль", ["chatName"] = "Айгуль" },
        ["messageData"] = new JsonObject { ["typeMessage"] = "textMessage", ["textMessageData"] = new JsonObject { ["textMessage"] = text } },
    };

    private static JsonObject Outgoing(string id, long timestamp) => new()
    {
        ["typeWebhook"] = "outgoingAPIMessageReceived",
        ["instanceData"] = new JsonObject { ["idInstance"] = 1101000001, ["wid"] = "77010000000@c.us", ["typeInstance"] = "whatsapp" },
        ["timestamp"] = timestamp,
        ["idMessage"] = id,
        ["senderData"] = new JsonObject { ["chatId"] = "77001234567@c.us", ["sender"] = "77010000000@c.us", ["chatName"] = "Айгуль" },
        ["messageData"] = new JsonObject { ["typeMessage"] = "extendedTextMessage", ["extendedTextMessageData"] = new JsonObject { ["text"] = "Доставка бесплатная" } },
    };

    private async Task<HttpResponseMessage> DeliverAsync(string body, string? token = Token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/greenapi") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await app.Client.SendAsync(request);
    }

    [Fact]
    public async Task Incoming_and_outgoing_messages_land_in_one_chat_owned_by_the_instances_manager()
    {
        var first = await DeliverAsync(Incoming().ToJsonString());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("stored", (await app.JsonAsync(first)).GetProperty("status").GetString());
        (await DeliverAsync(Outgoing("BAE5F4886F6F2D06", 1795000300).ToJsonString())).EnsureSuccessStatusCode();

        var chat = await app.Get<ChatRepository>().GetAsync("wa-77001234567", default);
        Assert.Equal("m-anna", chat!.ManagerId);
        Assert.Equal("77001234567", chat.ClientPhone);
        Assert.Equal("Айгуль", chat.ClientName);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795000000), chat.CreatedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795000300), chat.UpdatedAt);
        var messages = await app.Get<ChatRepository>().ListMessagesAsync("wa-77001234567", default);
        Assert.Equal([Direction.Inbound, Direction.Outbound], messages.Select(m => m.Direction));
        Assert.Equal("Доставка бесплатная", messages[1].Text);
        Assert.Equal("m-anna", messages[1].ManagerId);
    }

    [Fact]
    public async Task The_same_delivery_twice_is_answered_200_and_stored_once()
    {
        (await DeliverAsync(Incoming().ToJsonString())).EnsureSuccessStatusCode();
        var again = await DeliverAsync(Incoming().ToJsonString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(await app.Get<ChatRepository>().ListMessagesAsync("wa-77001234567", default));
    }

    [Fact]
    public async Task A_late_older_message_does_not_move_the_chat_back()
    {
        (await DeliverAsync(Incoming("NEWER000000001", 1795000600).ToJsonString())).EnsureSuccessStatusCode();
        (await DeliverAsync(Incoming("OLDER000000001", 1795000000).ToJsonString())).EnsureSuccessStatusCode();
        var chat = await app.Get<ChatRepository>().GetAsync("wa-77001234567", default);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795000600), chat!.UpdatedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795000000), chat.CreatedAt);
        Assert.Equal(2, (await app.Get<ChatRepository>().ListMessagesAsync("wa-77001234567", default)).Count);
    }

    [Fact]
    public async Task Status_events_are_acknowledged_and_ignored()
    {
        var status = new JsonObject { ["typeWebhook"] = "outgoingMessageStatus", ["idMessage"] = "X1", ["status"] = "delivered", ["timestamp"] = 1795000000 };
        var response = await DeliverAsync(status.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", (await app.JsonAsync(response)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task Missing_or_wrong_token_is_401_and_stores_nothing(string? token)
    {
        var response = await DeliverAsync(Incoming().ToJsonString(), token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(await app.Get<ChatRepository>().GetAsync("wa-77001234567", default));
    }

    public static TheoryData<string, string> BadDeliveries => new()
    {
        { "{\"typeWebhook\": ", "$" },
        { "[1,2]", "$" },
        { Change(Incoming(), b => b["typeWebhook"] = "somethingNew"), "typeWebhook" },
        { Change(Incoming(), b => b.Remove("typeWebhook")), "typeWebhook" },
        { Change(Incoming(), b => b.Remove("idMessage")), "idMessage" },
        { Change(Incoming(), b => b["idMessage"] = "../../etc"), "idMessage" },
        { Change(Incoming(), b => b["timestamp"] = 32503680001), "timestamp" },
        { Change(Incoming(), b => b["timestamp"] = "yesterday"), "timestamp" },
        { Change(Incoming(), b => b["senderData"]!["chatId"] = "not-a-chat"), "senderData.chatId" },
        { Change(Incoming(), b => b["instanceData"]!["idInstance"] = -1), "instanceData.idInstance" },
        { Change(Incoming(), b => b.Remove("messageData")), "messageData" },
        { Incoming(text: new string('x', 32_001)).ToJsonString(), "messageData" },
    };

    [Theory]
    [MemberData(nameof(BadDeliveries))]
    public async Task Bad_deliveries_are_400_naming_the_field_and_store_nothing(string body, string field)
    {
        var response = await DeliverAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await app.JsonAsync(response)).GetProperty("field").GetString());
        Assert.Null(await app.Get<ChatRepository>().GetAsync("wa-77001234567", default));
    }

    [Fact]
    public async Task Oversized_delivery_is_413()
    {
        var response = await DeliverAsync(Incoming(text: new string('x', 300_000)).ToJsonString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static string Change(JsonObject body, Action<JsonObject> change)
    {
        change(body);
        return body.ToJsonString();
    }
}
