// Owns reading RetailCRM v5 and MG Bot API items into the normalized model, validating every field it uses.
using System.Globalization;
using System.Text.Json;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.RetailCrm;

/// <summary>An order read as a deal, with the MG dialog it was made from (order.dialogId), when given.</summary>
public sealed record RetailCrmOrder(Deal Deal, long? DialogId);

/// <summary>An MG chat: the chat (null when its channel is not one SalesCoach analyses), its last message and dialog ids.</summary>
public sealed record MgChat(long MgId, Chat? Chat, string? ChannelType, long? LastMessageId, long? LastDialogId);

/// <summary>An MG message, its dialog, and the fallback used when a manager's message had no RetailCRM user id.</summary>
public sealed record MgMessage(ChatMessage Message, long? DialogId, MgUserFallback? Fallback, Manager? PlaceholderManager);

/// <summary>
/// Maps one RetailCRM or MG item at a time; a field that is missing or malformed throws
/// <see cref="OutboundResponseException"/>, so <see cref="Sync.ItemValidation"/> rejects the whole item.
/// </summary>
/// <param name="managersByMgUserId">RetailCRM users by their MG user id (user.mgUserId): "rc-&lt;user id&gt;".</param>
public sealed class RetailCrmMapper(RetailCrmOptions options, TimeZoneInfo zone, DateTimeOffset now, IReadOnlyDictionary<long, string> managersByMgUserId)
{
    public const string Source = "retailcrm";
    /// <summary>Orders without a managerId are kept under this manager (created when first needed).</summary>
    public const string UnassignedManagerId = "rc-unassigned";

    public static string ManagerId(long userId) => OutboundJsonHttp.Invariant($"rc-{userId}");

    public static string ChatId(long mgChatId) => OutboundJsonHttp.Invariant($"rc-chat-{mgChatId}");

    public static string DealId(long orderId) => OutboundJsonHttp.Invariant($"rc-{orderId}");

    public Manager UnassignedManager => new() { Id = UnassignedManagerId, Name = "Без менеджера (RetailCRM)", TimeZone = options.TimeZone, Team = Source };

    /// <summary>A RetailCRM user (GET /api/v5/users) as a manager.</summary>
    public Manager User(JsonElement user)
    {
        var id = Long(RequireObject(user, "user"), "id", "user");
        return new Manager
        {
            Id = ManagerId(id),
            Name = $"{Text(user, "firstName")} {Text(user, "lastName")}".Trim() is { Length: > 0 } name ? name : throw Invalid("user", "firstName"),
            CrmUserId = id.ToString(CultureInfo.InvariantCulture),
            TimeZone = options.TimeZone,
            Team = Source,
        };
    }

    /// <summary>The user's MG user id (user.mgUserId), when the user is connected to MG.</summary>
    public static long? MgUserId(JsonElement user) => Reference(RequireObject(user, "user"), "mgUserId", "user");

    /// <summary>An order (GET /api/v5/orders) as a deal. Dates are "Y-m-d H:i:s" in the account time zone.</summary>
    public RetailCrmOrder Order(JsonElement order)
    {
        var id = Long(RequireObject(order, "order"), "id", "order");
        var created = Date(order, "createdAt") ?? throw Invalid("order", "createdAt");
        var updated = Date(order, "statusUpdatedAt") ?? created;
        var status = Text(order, "status") ?? throw Invalid("order", "status");
        var total = 0m;
        if (order.TryGetProperty("totalSumm", out var sum) && sum.ValueKind != JsonValueKind.Null
            && (sum.ValueKind != JsonValueKind.Number || !sum.TryGetDecimal(out total) || total is < 0 or > 1_000_000_000_000m))
        {
            throw Invalid("order", "totalSumm");
        }
        var manager = Reference(order, "managerId", "order") is { } managerId ? ManagerId(managerId) : UnassignedManagerId;
        var dealStatus = options.WonStatuses.Contains(status) ? DealStatus.Won : options.LostStatuses.Contains(status) ? DealStatus.Lost : DealStatus.Open;
        if (updated < created)
        {
            updated = created;
        }
        return new RetailCrmOrder(new Deal
        {
            Id = DealId(id),
            Name = $"Заказ #{Text(order, "number") ?? id.ToString(CultureInfo.InvariantCulture)}",
            ManagerId = manager,
            Budget = total,
            Currency = options.Currency,
            Stage = status,
            Status = dealStatus,
            CreatedAt = created,
            UpdatedAt = updated,
            // statusUpdatedAt is when the order reached its closing status.
            ClosedAt = dealStatus == DealStatus.Open ? null : updated,
            ClientName = ClientName(order),
        }, Reference(order, "dialogId", "order"));
    }

    /// <summary>An MG chat (GET /api/bot/v1/chats item).</summary>
    public MgChat Chat(JsonElement chat)
    {
        var id = Long(RequireObject(chat, "chat"), "id", "chat");
        var channelType = chat.TryGetProperty("channel", out var channel) && channel.ValueKind == JsonValueKind.Object
            ? Text(channel, "type") ?? throw Invalid("chat", "channel.type")
            : throw Invalid("chat", "channel");
        var lastMessage = Object(chat, "last_message", "chat") is { } last ? Reference(last, "id", "chat.last_message") : null;
        var lastDialog = Object(chat, "last_dialog", "chat");
        var lastDialogId = lastDialog is { } dialog ? Reference(dialog, "id", "chat.last_dialog") : null;
        Channel? analysed = channelType switch
        {
            "whatsapp" => Channel.Whatsapp,
            "instagram" => Channel.Instagram,
            _ => null,
        };
        if (analysed is not { } kind)
        {
            return new MgChat(id, null, channelType, lastMessage, lastDialogId);
        }
        var created = IsoDate(chat, "created_at", "chat") ?? throw Invalid("chat", "created_at");
        var updated = IsoDate(chat, "last_activity", "chat") ?? IsoDate(chat, "updated_at", "chat") ?? created;
        var customer = Object(chat, "customer", "chat");
        return new MgChat(id, new Chat
        {
            Id = ChatId(id),
            Channel = kind,
            ManagerId = lastDialog is { } d && Object(d, "responsible", "chat.last_dialog") is { } responsible && Text(responsible, "type") == "user"
                && Reference(responsible, "id", "chat.last_dialog.responsible") is { } mgUser
                ? managersByMgUserId.GetValueOrDefault(mgUser)
                : null,
            ClientName = customer is { } c ? Text(c, "name") ?? ($"{Text(c, "first_name")} {Text(c, "last_name")}".Trim() is { Length: > 0 } n ? n : null) : null,
            ClientPhone = customer is { } p && Text(p, "phone") is { } phone ? Phone(phone) : null,
            CreatedAt = created,
            UpdatedAt = updated < created ? created : updated,
            // Not in MG's SDK types: read if MG sends it, as a number or a numeric string.
            OrderId = OrderIdOf(chat, "chat"),
        }, channelType, lastMessage, lastDialogId);
    }

    /// <summary>The item's positive numeric id, or null (an item without one cannot be paged past or kept).</summary>
    public static long? IdOf(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var n) && n > 0 ? n : null;

    /// <summary>
    /// An MG message (GET /api/bot/v1/messages item). <c>from.type</c> customer → inbound; user → outbound
    /// by manager <c>rc-&lt;from.external_id&gt;</c> (the RetailCRM user id), falling back to the MG user id
    /// <c>from.id</c>; bot, or no <c>from</c> at all (system messages) → kept as a system message.
    /// </summary>
    public MgMessage Message(JsonElement message, long mgChatId)
    {
        var id = Long(RequireObject(message, "message"), "id", "message");
        if (OptionalLong(message, "chat_id", "message") is { } chat && chat != mgChatId)
        {
            throw Invalid("message", "chat_id");
        }
        var sentAt = IsoDate(message, "created_at", "message") ?? IsoDate(message, "time", "message") ?? throw Invalid("message", "created_at");
        var dialogId = Object(message, "dialog", "message") is { } dialog ? Reference(dialog, "id", "message.dialog") : null;
        var text = MessageText(message);
        var built = new ChatMessage
        {
            Id = OutboundJsonHttp.Invariant($"rc-msg-{id}"),
            ChatId = ChatId(mgChatId),
            Direction = Direction.Outbound,
            SentAt = sentAt,
            Text = text is { Length: > Import.ImportRecordReader.MaxTextLength } ? text[..Import.ImportRecordReader.MaxTextLength] : text,
            Source = Source,
        };
        if (Object(message, "from", "message") is not { } from)
        {
            return new MgMessage(built with { IsSystem = true }, dialogId, null, null);
        }
        switch (Text(from, "type"))
        {
            case "customer":
                return new MgMessage(built with { Direction = Direction.Inbound }, dialogId, null, null);
            case "bot":
                return new MgMessage(built with { IsSystem = true }, dialogId, null, null);
            case "user":
                if (ExternalUserId(from) is { } userId)
                {
                    return new MgMessage(built with { ManagerId = ManagerId(userId) }, dialogId, null, null);
                }
                var mgUserId = Long(from, "id", "message.from");
                var name = Text(from, "name");
                if (managersByMgUserId.TryGetValue(mgUserId, out var matched))
                {
                    return new MgMessage(built with { ManagerId = matched }, dialogId, new MgUserFallback(mgUserId, name, matched, true, now), null);
                }
                var placeholder = new Manager
                {
                    Id = OutboundJsonHttp.Invariant($"rc-mg-{mgUserId}"),
                    Name = name ?? OutboundJsonHttp.Invariant($"MG {mgUserId}"),
                    TimeZone = options.TimeZone,
                    Team = Source,
                };
                return new MgMessage(built with { ManagerId = placeholder.Id }, dialogId, new MgUserFallback(mgUserId, name, placeholder.Id, false, now), placeholder);
            default:
                throw Invalid("message", "from.type");
        }
    }

    /// <summary><c>from.external_id</c>: the RetailCRM user id, a string in MG's SDK (a number is read too); empty means none.</summary>
    private static long? ExternalUserId(JsonElement from)
    {
        if (!from.TryGetProperty("external_id", out var value) || value.ValueKind == JsonValueKind.Null || value is { ValueKind: JsonValueKind.String } && value.GetString() is "")
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) && n > 0 => n,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => n,
            _ => throw Invalid("message", "from.external_id"),
        };
    }

    private static string? OrderIdOf(JsonElement item, string what)
    {
        if (!item.TryGetProperty("order_id", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) && n > 0 => DealId(n),
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => DealId(n),
            _ => throw Invalid(what, "order_id"),
        };
    }

    private static string? MessageText(JsonElement message)
    {
        if (Text(message, "content") is { } content)
        {
            return content;
        }
        if (message.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
            && string.Join("\n", items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object).Select(i => Text(i, "caption")).OfType<string>()) is { Length: > 0 } captions)
        {
            return captions;
        }
        return Text(message, "note") ?? Text(message, "action");
    }

    private static string? ClientName(JsonElement order)
    {
        static string? Name(JsonElement item) => $"{Text(item, "firstName")} {Text(item, "lastName")}".Trim() is { Length: > 0 } name ? name : null;
        return Name(order) ?? (Object(order, "customer", "order") is { } customer ? Name(customer) : null);
    }

    /// <summary>E.164 digits without '+': "+7 (916) 123-45-67" → "79161234567".</summary>
    private static string Phone(string raw)
    {
        var digits = new string(raw.Where(char.IsAsciiDigit).ToArray());
        return digits.Length is >= 5 and <= 15 && raw.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')')
            ? digits
            : throw Invalid("chat", "customer.phone");
    }

    private DateTimeOffset? Date(JsonElement item, string name)
    {
        if (Text(item, name) is not { } raw)
        {
            return null;
        }
        if (!DateTime.TryParseExact(raw, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            throw Invalid("order", name);
        }
        var at = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        return Plausible(at) ? at : throw Invalid("order", name);
    }

    private DateTimeOffset? IsoDate(JsonElement item, string name, string what)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            && Plausible(at)
            ? at
            : throw Invalid(what, name);
    }

    private bool Plausible(DateTimeOffset at) => at.Year >= 2000 && at <= now.AddDays(1);

    private static JsonElement? Object(JsonElement item, string name, string what) =>
        !item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Object ? value
        : throw Invalid(what, name);

    private static long Long(JsonElement item, string name, string what) =>
        OptionalLong(item, name, what) ?? throw Invalid(what, name);

    /// <summary>A reference to another record (managerId, dialogId, mgUserId, …): absent, null or 0 mean none; anything but a positive integer otherwise is invalid.</summary>
    private static long? Reference(JsonElement item, string name, string what) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n == 0 ? null : OptionalLong(item, name, what);

    private static JsonElement RequireObject(JsonElement item, string what) =>
        item.ValueKind == JsonValueKind.Object ? item : throw new OutboundResponseException(Source, $"a {what} is not a JSON object.");

    private static long? OptionalLong(JsonElement item, string name, string what) =>
        !item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n > 0 ? n
        : throw Invalid(what, name);

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static OutboundResponseException Invalid(string what, string field) => new(Source, $"{what} has an invalid or missing '{field}'.");
}
