// Owns GREEN-API webhook settings and the mapping of a notification to a chat and a message.
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Platform;
using static SalesCoach.Core.Crm.GreenApi.GreenApiPayload;

namespace SalesCoach.Core.Crm.GreenApi;

/// <summary>GREEN-API webhook settings ("GreenApi" section; sending is <see cref="Messaging.GreenApiSendOptions"/>).</summary>
public sealed record GreenApiOptions
{
    /// <summary>The instance's webhookUrlToken: GREEN-API sends it as "Authorization: Bearer &lt;token&gt;". Empty refuses every delivery.</summary>
    public string? WebhookToken { get; init; }
    /// <summary>idInstance → manager id, so a WhatsApp number's chats belong to its manager.</summary>
    public Dictionary<string, string> InstanceManagers { get; init; } = [];
}

public enum GreenApiOutcome
{
    /// <summary>A message to store in its chat.</summary>
    Message,
    /// <summary>An edit or deletion of an earlier message (<see cref="GreenApiDelivery.Amendment"/>).</summary>
    Amendment,
    /// <summary>A notification type we know and do not store (statuses, instance state, calls, …).</summary>
    Ignored,
    /// <summary>A typeWebhook this code does not know: acknowledged and counted, never refused.</summary>
    Unknown,
}

/// <summary>An edit or deletion of message <see cref="MessageId"/> in chat <see cref="ChatId"/>, announced at <see cref="At"/> by notification <see cref="EventId"/>.</summary>
public sealed record GreenApiAmendment(string ChatId, string MessageId, GreenApiAmendmentKind Kind, string Text, DateTimeOffset At, string EventId);

/// <summary>A parsed delivery: what it is, and the chat and message (or amendment) it carries.</summary>
/// <param name="IdInstance">The instance the notification came from (message notifications).</param>
/// <param name="TypeMessage">The message's messageData.typeMessage ("textMessage", "imageMessage", …), for a message.</param>
public sealed record GreenApiDelivery(string TypeWebhook, GreenApiOutcome Outcome, Chat? Chat = null, ChatMessage? Message = null, GreenApiAmendment? Amendment = null,
    string? IdInstance = null, string? TypeMessage = null);

/// <summary>Where a WhatsApp chat id is stored: the storage id, and the client's phone (private chats only).</summary>
public sealed record GreenApiChatAddress(string StorageId, string? ClientPhone, bool IsGroup);

/// <summary>
/// Maps GREEN-API's webhook JSON (typeWebhook, instanceData, timestamp, idMessage, senderData,
/// messageData) to the chat/message model. Message events become messages (incoming → inbound,
/// outgoing and outgoingAPI → outbound) whatever their typeMessage; edits and deletions that name their
/// message become amendments; status and instance events are ignored; an unknown typeWebhook is
/// reported as such (the caller counts it). Bad input is refused with the field that is wrong.
/// </summary>
public static partial class GreenApiWebhook
{
    /// <summary>The key an unknown typeWebhook that is not a plain name is counted under.</summary>
    public const string OtherTypeKey = "~other";

    private static readonly HashSet<string> MessageTypes = ["incomingMessageReceived", "outgoingMessageReceived", "outgoingAPIMessageReceived"];

    private static readonly HashSet<string> IgnoredTypes =
        ["outgoingMessageStatus", "stateInstanceChanged", "statusInstanceChanged", "deviceInfo", "incomingCall", "incomingBlock", "quotaExceeded"];

    public static GreenApiDelivery Parse(ReadOnlyMemory<byte> body, GreenApiOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var document = GreenApiPayload.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InputValidationException("$", "The webhook body must be a JSON object.");
        }
        var type = RequiredString(root, "typeWebhook", "typeWebhook");
        if (IgnoredTypes.Contains(type))
        {
            return new GreenApiDelivery(type, GreenApiOutcome.Ignored);
        }
        if (!MessageTypes.Contains(type))
        {
            return new GreenApiDelivery(IsName(type) ? type : OtherTypeKey, GreenApiOutcome.Unknown);
        }

        var instance = RequiredObject(root, "instanceData", "instanceData");
        var idInstance = RequiredInteger(instance, "idInstance", "instanceData.idInstance") is > 0 and var number
            ? number.ToString(CultureInfo.InvariantCulture)
            : throw new InputValidationException("instanceData.idInstance", "'instanceData.idInstance' must be a positive number.");
        var sentAt = Timestamp(root, now);
        var messageId = RequiredString(root, "idMessage", "idMessage");
        if (!Keys.IsValidId(messageId))
        {
            throw new InputValidationException("idMessage", "'idMessage' must be 1–64 letters, digits, '-', '_' or '.'.");
        }
        var sender = RequiredObject(root, "senderData", "senderData");
        var chatId = RequiredString(sender, "chatId", "senderData.chatId");
        var address = MapChatId(chatId)
            ?? throw new InputValidationException("senderData.chatId", "'senderData.chatId' is not a WhatsApp chat id like 79001234567@c.us, 120363…@g.us or 79001234567-1581234048@g.us.");
        var content = GreenApiMessageContent.Read(RequiredObject(root, "messageData", "messageData"));

        var inbound = type == "incomingMessageReceived";
        var managerId = options.InstanceManagers.GetValueOrDefault(idInstance);
        if (content is { Amends: { } kind, AmendedMessageId: { } original })
        {
            return content.Text is { } text
                ? new GreenApiDelivery(type, GreenApiOutcome.Amendment, Amendment: new GreenApiAmendment(address.StorageId, original, kind, text, sentAt, messageId))
                : new GreenApiDelivery(type, GreenApiOutcome.Ignored); // an edit without new text changes nothing we store
        }
        var senderName = Name(sender, "senderName");
        var chatName = Name(sender, "chatName");
        var chat = new Chat
        {
            Id = address.StorageId,
            Channel = Channel.Whatsapp,
            ManagerId = managerId,
            // A group is named by its chat name; in a private chat the client is the sender of what comes in.
            ClientName = address.IsGroup || !inbound ? chatName : senderName ?? chatName,
            ClientPhone = address.ClientPhone,
            CreatedAt = sentAt,
            UpdatedAt = sentAt,
        };
        var message = new ChatMessage
        {
            Id = messageId,
            ChatId = chat.Id,
            Direction = inbound ? Direction.Inbound : Direction.Outbound,
            SentAt = sentAt,
            Text = content.Text,
            ManagerId = inbound ? null : managerId,
            Source = "greenapi",
        };
        return new GreenApiDelivery(type, GreenApiOutcome.Message, chat, message, IdInstance: idInstance, TypeMessage: content.TypeMessage);
    }

    /// <summary>
    /// A WhatsApp chat id as a storage id, deterministically: a private chat "79001234567@c.us" is
    /// "wa-79001234567" (the client's phone kept); a group is its id before "@g.us" plus "-g", both the
    /// new digits-only form ("120363…@g.us" → "wa-120363…-g") and the legacy phone-unixtime form
    /// ("11001234567-1581234048@g.us" → "wa-11001234567-1581234048-g"). Null when it is neither.
    /// </summary>
    public static GreenApiChatAddress? MapChatId(string chatId)
    {
        var match = ChatIdPattern().Match(chatId);
        if (!match.Success)
        {
            return null;
        }
        return match.Groups["phone"].Success
            ? new GreenApiChatAddress($"wa-{match.Groups["phone"].Value}", match.Groups["phone"].Value, IsGroup: false)
            : new GreenApiChatAddress($"wa-{match.Groups["group"].Value}-g", null, IsGroup: true);
    }

    /// <summary>A plain name of letters and digits (how GREEN-API spells its types), safe as a key and in a marker.</summary>
    public static bool IsName(string value) => NamePattern().IsMatch(value);

    private static DateTimeOffset Timestamp(JsonElement body, DateTimeOffset now)
    {
        var seconds = RequiredInteger(body, "timestamp", "timestamp");
        return WebhookChecks.PlausibleUnixTime(seconds, now)
            ?? throw new InputValidationException("timestamp", $"'timestamp' = {seconds} is outside the plausible range.");
    }

    /// <summary>A display name: trimmed, at most 200 characters kept (longer is a wrong field, not a name to refuse a message for).</summary>
    private static string? Name(JsonElement sender, string name) =>
        OptionalString(sender, name, Child("senderData", name))?.Trim() is { Length: > 0 and <= 200 } text ? text : null;

    [GeneratedRegex(@"^(?:(?<phone>[0-9]{5,20})@c\.us|(?<group>[0-9]{5,20}(?:-[0-9]{9,12})?)@g\.us)$")]
    private static partial Regex ChatIdPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,63}$")]
    private static partial Regex NamePattern();
}
