// Owns the tests of the GREEN-API webhook against faults and hostile input: credentials before content, size, every class of bad field.
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Crm.GreenApi;
using SalesCoach.Tests.Infrastructure;
using static SalesCoach.Tests.Crm.GreenApiWire;

namespace SalesCoach.Tests.Crm;

/// <summary>What the GREEN-API webhook refuses, with which status and field, and that a refusal stores and counts nothing.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class GreenApiWebhookInputTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestApp app = null!;

    public async Task InitializeAsync() => app = await TestApp.StartAsync(azurite, settings: Settings);

    public async Task DisposeAsync() => await app.DisposeAsync();

    private static JsonObject Text() => Node("incoming-textMessage.json");

    private async Task AssertNothingStoredAsync()
    {
        Assert.Null(await app.Get<ChatRepository>().GetAsync(ClientChat, default));
        Assert.Empty(await app.Get<ChatRepository>().ListMessagesAsync(ClientChat, default));
        Assert.Empty(await app.Get<GreenApiTypeCounter>().ListAsync(default));
    }

    private async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, (await app.JsonAsync(response)).GetProperty("field").GetString());
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("Bearer " + Token)]
    [InlineData("bearer " + Token)]
    [InlineData("BEARER " + Token)]
    [InlineData("Bearer   " + Token)]
    public async Task The_bearer_scheme_is_accepted_in_any_case(string authorization)
    {
        var response = await app.DeliverAsync(Text(), authorization);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(await app.Get<ChatRepository>().GetAsync(ClientChat, default));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer wrong-token")]
    [InlineData("Bearer LOOPBACK-WEBHOOK-TOKEN")]
    [InlineData("Bearer " + Token + "x")]
    [InlineData("Basic " + Token)]
    [InlineData(Token)]
    [InlineData("Bearer" + Token)]
    public async Task A_missing_or_wrong_credential_is_401_and_stores_nothing(string? authorization)
    {
        var response = await app.DeliverAsync(Text(), authorization);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Authorization");
    }

    public static TheoryData<string, byte[]> HostileBodies => new()
    {
        { "oversized", Encoding.UTF8.GetBytes(Text().With("messageData.textMessageData.textMessage", new string('x', 300_000)).ToJsonString()) },
        { "not JSON", Encoding.UTF8.GetBytes("{\"typeWebhook\": ") },
        { "empty", [] },
        { "lone surrogate", Text().WithRawString("typeWebhook", Encoding.ASCII.GetBytes("\\ud800")) },
        { "invalid UTF-8", Text().WithRawString("senderData.chatId", [0xFF, 0xFE]) },
        { "unknown type", Encoding.UTF8.GetBytes(Node("stateInstanceChanged.json").With("typeWebhook", "somethingNew").ToJsonString()) },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task Without_the_credential_the_answer_is_401_whatever_the_body(string kind, byte[] body)
    {
        var response = await app.DeliverAsync(body, "Bearer wrong-token");

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{kind}: {response.StatusCode}");
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Authorization");
    }

    [Fact]
    public async Task With_no_token_configured_every_delivery_is_refused()
    {
        await using var unconfigured = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?> { ["GreenApi:WebhookToken"] = "" });

        var response = await unconfigured.DeliverAsync(Text(), "Bearer ");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(await unconfigured.Get<ChatRepository>().GetAsync(ClientChat, default));
    }

    [Fact]
    public async Task An_authenticated_oversized_delivery_is_413()
    {
        var response = await app.DeliverAsync(Text().With("messageData.textMessageData.textMessage", new string('x', 300_000)));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "$");
    }

    public static TheoryData<string, string> BadDeliveries => new()
    {
        // Not a JSON object.
        { "{\"typeWebhook\": ", "$" },
        { "", "$" },
        { "[1,2]", "$" },
        { "\"incomingMessageReceived\"", "$" },
        // Missing fields.
        { Text().Without("typeWebhook").ToJsonString(), "typeWebhook" },
        { Text().Without("instanceData").ToJsonString(), "instanceData" },
        { Text().Without("instanceData.idInstance").ToJsonString(), "instanceData.idInstance" },
        { Text().Without("timestamp").ToJsonString(), "timestamp" },
        { Text().Without("idMessage").ToJsonString(), "idMessage" },
        { Text().Without("senderData").ToJsonString(), "senderData" },
        { Text().Without("senderData.chatId").ToJsonString(), "senderData.chatId" },
        { Text().Without("messageData").ToJsonString(), "messageData" },
        { Text().Without("messageData.typeMessage").ToJsonString(), "messageData.typeMessage" },
        { Text().Without("messageData.textMessageData").ToJsonString(), "messageData.textMessageData" },
        { Text().Without("messageData.textMessageData.textMessage").ToJsonString(), "messageData.textMessageData.textMessage" },
        { Node("incoming-extendedTextMessage.json").Without("messageData.extendedTextMessageData.text").ToJsonString(), "messageData.extendedTextMessageData.text" },
        // Wrong JSON types.
        { Text().With("typeWebhook", 5).ToJsonString(), "typeWebhook" },
        { Text().With("typeWebhook", "").ToJsonString(), "typeWebhook" },
        { Text().With("idMessage", 123456).ToJsonString(), "idMessage" },
        { Text().With("timestamp", "yesterday").ToJsonString(), "timestamp" },
        { Text().With("timestamp", 1795507092.5).ToJsonString(), "timestamp" },
        { Text().With("instanceData", "1103945521").ToJsonString(), "instanceData" },
        { Text().With("instanceData.idInstance", "1103945521").ToJsonString(), "instanceData.idInstance" },
        { Text().With("senderData", new JsonArray()).ToJsonString(), "senderData" },
        { Text().With("senderData.chatId", 79161234567).ToJsonString(), "senderData.chatId" },
        { Text().With("senderData.senderName", 5).ToJsonString(), "senderData.senderName" },
        { Text().With("senderData.chatName", new JsonObject()).ToJsonString(), "senderData.chatName" },
        { Text().With("messageData", new JsonArray()).ToJsonString(), "messageData" },
        { Text().With("messageData.typeMessage", 1).ToJsonString(), "messageData.typeMessage" },
        { Text().With("messageData.textMessageData.textMessage", true).ToJsonString(), "messageData.textMessageData.textMessage" },
        { Node("incoming-imageMessage-caption.json").With("messageData.fileMessageData.caption", 5).ToJsonString(), "messageData.fileMessageData.caption" },
        { Node("incoming-imageMessage-caption.json").With("messageData.fileMessageData", "x").ToJsonString(), "messageData.fileMessageData" },
        { Node("incoming-pollMessage.json").With("messageData.pollMessageData.options", "Серый").ToJsonString(), "messageData.pollMessageData.options" },
        { Node("incoming-pollMessage.json").With("messageData.pollMessageData.options", new JsonArray("Серый")).ToJsonString(), "messageData.pollMessageData.options[0]" },
        { Node("incoming-locationMessage.json").Without("messageData.locationMessageData.nameLocation").Without("messageData.locationMessageData.address")
            .With("messageData.locationMessageData.latitude", "55.8").ToJsonString(), "messageData.locationMessageData.latitude" },
        { Node("incoming-editedMessage.json").With("messageData.editedMessageData.stanzaId", 7).ToJsonString(), "messageData.editedMessageData.stanzaId" },
        // Values out of range or of the wrong form.
        { Text().With("idMessage", "../../etc").ToJsonString(), "idMessage" },
        { Text().With("idMessage", new string('A', 65)).ToJsonString(), "idMessage" },
        { Text().With("timestamp", 32503680001).ToJsonString(), "timestamp" },
        { Text().With("timestamp", 0).ToJsonString(), "timestamp" },
        { Text().With("senderData.chatId", "not-a-chat").ToJsonString(), "senderData.chatId" },
        { Text().With("senderData.chatId", "79161234567@c.us/../x").ToJsonString(), "senderData.chatId" },
        { Text().With("instanceData.idInstance", -1).ToJsonString(), "instanceData.idInstance" },
        { Text().With("messageData.typeMessage", "text Message").ToJsonString(), "messageData.typeMessage" },
        { Text().With("messageData.textMessageData.textMessage", new string('x', 32_001)).ToJsonString(), "messageData.textMessageData.textMessage" },
        { Node("incoming-deletedMessage.json").With("messageData.deletedMessageData.stanzaId", "../x").ToJsonString(), "messageData.deletedMessageData.stanzaId" },
        // A key twice: which one a reader takes is not left open.
        { "{\"typeWebhook\":\"outgoingMessageStatus\",\"typeWebhook\":\"incomingMessageReceived\"}", "typeWebhook" },
        { Text().ToJsonString().Replace("\"chatId\":", "\"chatId\":\"1@c.us\",\"chatId\":", StringComparison.Ordinal), "senderData.chatId" },
    };

    [Theory]
    [MemberData(nameof(BadDeliveries))]
    public async Task A_bad_delivery_is_400_naming_the_field_and_stores_nothing(string body, string field)
    {
        var response = await app.DeliverAsync(body);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    private static readonly string[] StringFields =
    [
        "typeWebhook", "idMessage", "senderData.chatId", "senderData.senderName", "senderData.chatName", "senderData.sender",
        "senderData.senderContactName", "instanceData.wid", "messageData.typeMessage", "messageData.textMessageData.textMessage",
    ];

    private static readonly string[] LoneSurrogates = ["\\ud800", "x\\udc00y", "\\ud800\\ud800", "\\udbff"];

    public static TheoryData<string, string> LoneSurrogateFields => EveryField(LoneSurrogates);

    [Theory]
    [MemberData(nameof(LoneSurrogateFields))]
    public async Task A_lone_surrogate_escape_in_any_field_is_400_naming_it(string field, string escape)
    {
        var response = await app.DeliverAsync(Text().WithRawString(field, Encoding.ASCII.GetBytes(escape)));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF],                   // never valid
        [0x78, 0xC3],             // a sequence cut short
        [0xC0, 0xAF],             // an overlong '/'
        [0xED, 0xA0, 0x80],       // a surrogate encoded as UTF-8
        [0xF4, 0x90, 0x80, 0x80], // above U+10FFFF
        [0x80, 0x80],             // continuation bytes alone
    ];

    public static TheoryData<string, byte[]> InvalidUtf8Fields => EveryField(InvalidUtf8);

    private static TheoryData<string, T> EveryField<T>(IEnumerable<T> values)
    {
        var data = new TheoryData<string, T>();
        foreach (var name in StringFields)
        {
            foreach (var value in values)
            {
                data.Add(name, value);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidUtf8Fields))]
    public async Task Invalid_UTF8_in_any_field_is_400_naming_it(string field, byte[] bytes)
    {
        var response = await app.DeliverAsync(Text().WithRawString(field, bytes));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Hostile_text_in_a_field_nobody_reads_is_refused_too()
    {
        var response = await app.DeliverAsync(Text().With("extra", new JsonObject { ["list"] = new JsonArray("ok", "x") }).WithRawString("extra.list", Encoding.ASCII.GetBytes("\\ud800")));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "extra.list");
    }

    [Fact]
    public async Task Hostile_text_in_an_ignored_notification_is_refused_too()
    {
        var response = await app.DeliverAsync(Node("outgoingMessageStatus.json").WithRawString("status", [0xFF]));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "status");
    }

    [Fact]
    public async Task Hostile_text_in_an_unknown_notification_is_refused_and_not_counted()
    {
        var response = await app.DeliverAsync(Node("stateInstanceChanged.json").With("typeWebhook", "somethingNew").WithRawString("stateInstance", Encoding.ASCII.GetBytes("\\udc00")));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "stateInstance");
    }

    [Theory]
    [InlineData("{\"\\ud800\":1,\"typeWebhook\":\"incomingMessageReceived\"}", "$")]
    [InlineData("{\"typeWebhook\":\"incomingMessageReceived\",\"senderData\":{\"\\udc00x\":\"y\"}}", "senderData")]
    public async Task A_property_name_that_is_not_valid_Unicode_is_400_naming_its_object(string body, string field)
    {
        var response = await app.DeliverAsync(body);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_property_name_with_invalid_UTF8_is_400_naming_its_object()
    {
        byte[] body = [.. "{\"senderData\":{\""u8, 0xFF, .. "\":1}}"u8];

        var response = await app.DeliverAsync(body);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "senderData");
    }
}
