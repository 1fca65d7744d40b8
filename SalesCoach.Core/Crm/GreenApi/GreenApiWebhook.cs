// Owns GREEN-API webhook settings and the mapping of a notification to a chat and a message.
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.GreenApi;

/// <summary>GREEN-API webhook settings ("GreenApi" section; sending is <see cref="Messaging.GreenApiSendOptions"/>).</summary>
public sealed record GreenApiOptions
{
    /// <summary>The instance's webhookUrlToken: GREEN-API sends it as "Authorization: Bearer &lt;token&gt;". Empty refuses every delivery.</summary>
    public string? WebhookToken { get; init; }
    /// <summary>idInstance → manager id, so a WhatsApp number's chats belong to its manager.</summary>
    public Dictionary<string, string> InstanceManagers { get; init; } = [];
}

/// <summary>A parsed delivery: a message to store, or an event type we knowingly ignore.</summary>
public sealed record GreenApiDelivery(string TypeWebhook, Chat? Chat, ChatMessage? Message);

/// <summary>
/// Maps GREEN-API's webhook JSON (typeWebhook, instanceData, timestamp, idMessage, senderData,
/// messageData) to the chat/message model. Message events become messages (incoming → inbound,
/// outgoing and outgoingAPI → outbound); status and instance events are acknowledged and ignored;
/// anything else is refused with the field that is wrong.
/// </summary>
public static partial class GreenApiWebhook
{
    private static readonly HashSet<string> MessageTypes = ["incomingMessageReceived", "outgoingMessageReceived", "outgoingAPIMessageReceived"];

    private static readonly HashSet<string> IgnoredTypes =
        ["outgoingMessageStatus", "stateInstanceChanged", "statusInstanceChanged", "deviceInfo", "incomingCall", "incomingBlock", "quotaExceeded"];

    public static GreenApiDelivery Parse(JsonElement body, GreenApiOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new InputValidationException("$", "The webhook body must be a JSON object.");
        }
        var type = String(body, "typeWebhook");
        if (IgnoredTypes.Contains(type))
        {
            return new GreenApiDelivery(type, null, null);
        }
        if (!MessageTypes.Contains(type))
        {
            throw new InputValidationException("typeWebhook", $"'{type}' is not a GREEN-API webhook type this endpoint handles.");
        }

        var instance = Object(body, "instanceData");
        var idInstance = instance.TryGetProperty("idInstance", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var number) && number > 0
            ? number.ToString(CultureInfo.InvariantCulture)
            : throw new InputValidationException("instanceData.idInstance", "'instanceData.idInstance' must be a positive number.");
        var sentAt = Timestamp(body, now);
        var messageId = String(body, "idMessage");
        if (!Keys.IsValidId(messageId))
        {
            throw new InputValidationException("idMessage", "'idMessage' must be 1–64 letters or digits.");
        }
        var sender = Object(body, "senderData");
        var chatId = String(sender, "chatId", "senderData.chatId");
        var match = ChatIdPattern().Match(chatId);
        if (!match.Success)
        {
            throw new InputValidationException("senderData.chatId", $"'{chatId}' is not a WhatsApp chat id like 77001234567@c.us.");
        }

        var inbound = type == "incomingMessageReceived";
        var managerId = options.InstanceManagers.GetValueOrDefault(idInstance);
        var chat = new Chat
        {
            Id = $"wa-{match.Groups[1].Value}{(match.Groups[2].Value == "g" ? "-g" : "")}",
            Channel = Channel.Whatsapp,
            ManagerId = managerId,
            ClientName = Optional(sender, inbound ? "senderName" : "chatName") ?? Optional(sender, "chatName"),
            ClientPhone = match.Groups[2].Value == "c" ? match.Groups[1].Value : null,
            CreatedAt = sentAt,
            UpdatedAt = sentAt,
        };
        var message = new ChatMessage
        {
            Id = messageId,
            ChatId = chat.Id,
            Direction = inbound ? Direction.Inbound : Direction.Outbound,
            SentAt = sentAt,
            Text = Text(Object(body, "messageData")),
            ManagerId = inbound ? null : managerId,
            Source = "greenapi",
        };
        return new GreenApiDelivery(type, chat, message);
    }

    private static string? Text(JsonElement data)
    {
        var kind = String(data, "typeMessage", "messageData.typeMessage");
        var text = kind switch
        {
            "textMessage" => Nested(data, "textMessageData", "textMessage"),
            "extendedTextMessage" => Nested(data, "extendedTextMessageData", "text"),
            "quotedMessage" => Nested(data, "extendedTextMessageData", "text"),
            _ => Nested(data, "fileMessageData", "caption") is { Length: > 0 } caption ? $"[{kind}] {caption}" : $"[{kind}]",
        };
        return text is { Length: > Import.ImportRecordReader.MaxTextLength }
            ? throw new InputValidationException("messageData", $"The message text is longer than {Import.ImportRecordReader.MaxTextLength} characters.")
            : text;
    }

    private static DateTimeOffset Timestamp(JsonElement body, DateTimeOffset now)
    {
        if (!body.TryGetProperty("timestamp", out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var seconds))
        {
            throw new InputValidationException("timestamp", "'timestamp' must be Unix seconds.");
        }
        return WebhookChecks.PlausibleUnixTime(seconds, now)
            ?? throw new InputValidationException("timestamp", $"'timestamp' = {seconds} is outside the plausible range.");
    }

    private static JsonElement Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw new InputValidationException(name, $"'{name}' must be an object.");

    private static string String(JsonElement parent, string name, string? field = null) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new InputValidationException(field ?? name, $"'{field ?? name}' is required.");

    private static string? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 200 } text ? text : null;

    private static string? Nested(JsonElement parent, string objectName, string name) =>
        parent.TryGetProperty(objectName, out var inner) && inner.ValueKind == JsonValueKind.Object ? Optional(inner, name) ?? (inner.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null) : null;

    [GeneratedRegex(@"^([0-9]{5,20})@(c|g)\.us$")]
    private static partial Regex ChatIdPattern();
}
