// Owns the RetailCRM pull: users, customers, orders, and MG chats and messages.
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Crm.Sync;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.RetailCrm;

/// <summary>
/// Pulls RetailCRM API v5 (X-API-KEY; page/limit paging with a "pagination" object): users → managers,
/// customers (for names), orders → deals (filter[updatedAtFrom] after the first pull); and, when the
/// messaging is configured, the MG Bot API's chats and messages (X-Bot-Token; since/limit) → the chat
/// model. The cursor is the previous pull's start minus five minutes of overlap (writes are idempotent).
/// </summary>
public sealed class RetailCrmSource(RetailCrmOptions options, RetailCrmHttp http, TimeProvider time, ILogger<RetailCrmSource> logger) : ICrmSource
{
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(5);

    public string Name => "retailcrm";

    public bool IsConfigured => options.IsConfigured;

    public async Task<(string? Cursor, int Rejected)> PullAsync(string? cursor, Func<CrmBatch, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var started = time.GetUtcNow();
        DateTimeOffset? since = DateTimeOffset.TryParse(cursor, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var c) ? c : null;
        var zone = TimeZones.Find(options.TimeZone, "RetailCrm:TimeZone");
        var validation = new ItemValidation(Name, logger);
        T? Map<T>(Func<T> map) where T : class => validation.Map(map);

        var managers = new List<Manager>();
        await foreach (var user in PagesAsync("api/v5/users", "users", null, cancellationToken).ConfigureAwait(false))
        {
            if (Map(() => new Manager
            {
                Id = ManagerId(Long(user, "id")),
                Name = $"{Text(user, "firstName")} {Text(user, "lastName")}".Trim() is { Length: > 0 } name ? name : throw Invalid("user", "firstName"),
                CrmUserId = Long(user, "id").ToString(CultureInfo.InvariantCulture),
                TimeZone = options.TimeZone,
                Team = "retailcrm",
            }) is { } manager)
            {
                managers.Add(manager);
            }
        }
        await write(CrmBatch.Empty with { Managers = managers }).ConfigureAwait(false);

        var customers = new Dictionary<long, string>();
        await foreach (var customer in PagesAsync("api/v5/customers", "customers", null, cancellationToken).ConfigureAwait(false))
        {
            if (customer.TryGetProperty("id", out var id) && id.TryGetInt64(out var customerId))
            {
                customers[customerId] = $"{Text(customer, "firstName")} {Text(customer, "lastName")}".Trim();
            }
        }

        var filter = since is { } from ? "filter[updatedAtFrom]=" + Uri.EscapeDataString(Local(from, zone)) : null;
        var deals = new List<Deal>();
        await foreach (var order in PagesAsync("api/v5/orders", "orders", filter, cancellationToken).ConfigureAwait(false))
        {
            if (Map(() => Order(order, customers, zone)) is { } deal)
            {
                deals.Add(deal);
            }
            if (deals.Count == 500)
            {
                await write(CrmBatch.Empty with { Deals = deals }).ConfigureAwait(false);
                deals = [];
            }
        }
        await write(CrmBatch.Empty with { Deals = deals }).ConfigureAwait(false);

        if (options.HasMessaging)
        {
            await PullChatsAsync(since, validation, write, cancellationToken).ConfigureAwait(false);
        }
        return ((started - Overlap).ToString("O", CultureInfo.InvariantCulture), validation.Rejected);
    }

    private async Task PullChatsAsync(DateTimeOffset? since, ItemValidation validation, Func<CrmBatch, Task> write, CancellationToken cancellationToken)
    {
        var sinceQuery = since is { } s ? "&since=" + Uri.EscapeDataString(s.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)) : "";
        var chats = new List<Chat>();
        var list = await http.GetMessagingAsync($"api/bot/v1/chats?limit=1000{sinceQuery}", cancellationToken).ConfigureAwait(false);
        foreach (var item in Array(list, "chats"))
        {
            if (validation.Map(() => ChatOf(item)) is { } chat)
            {
                chats.Add(chat);
            }
        }
        await write(CrmBatch.Empty with { Chats = chats }).ConfigureAwait(false);

        foreach (var chat in chats)
        {
            var chatId = chat.Id["rc-chat-".Length..];
            var messages = new List<ChatMessage>();
            var answer = await http.GetMessagingAsync($"api/bot/v1/messages?chat_id={chatId}&limit=1000{sinceQuery}", cancellationToken).ConfigureAwait(false);
            foreach (var item in Array(answer, "messages"))
            {
                if (validation.Map(() => MessageOf(item, chat)) is { } message)
                {
                    messages.Add(message);
                }
            }
            await write(CrmBatch.Empty with { Messages = messages }).ConfigureAwait(false);
        }
    }

    private async IAsyncEnumerable<JsonElement> PagesAsync(string path, string name, string? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var page = 1; page <= 10_000; page++)
        {
            var query = OutboundJsonHttp.Invariant($"{path}?limit={options.PageSize}&page={page}{(filter is null ? "" : "&" + filter)}");
            var json = await http.GetAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (var item in Array(json, name))
            {
                yield return item;
            }
            var totalPages = json.TryGetProperty("pagination", out var pagination) && pagination.TryGetProperty("totalPageCount", out var total) && total.TryGetInt32(out var count)
                ? count
                : throw new OutboundResponseException("retailcrm", $"{path} has no pagination.totalPageCount.");
            if (page >= totalPages)
            {
                yield break;
            }
        }
    }

    private Deal Order(JsonElement order, Dictionary<long, string> customers, TimeZoneInfo zone)
    {
        var id = Long(order, "id");
        var created = Date(order, "createdAt", zone) ?? throw Invalid("order", "createdAt");
        var updated = Date(order, "statusUpdatedAt", zone) ?? created;
        var status = Text(order, "status") ?? throw Invalid("order", "status");
        var total = order.TryGetProperty("totalSumm", out var sum) && sum.TryGetDecimal(out var value) ? value : 0m;
        if (total is < 0 or > 1_000_000_000_000m)
        {
            throw Invalid("order", "totalSumm");
        }
        var customerName = order.TryGetProperty("customer", out var customer) && customer.TryGetProperty("id", out var cid) && cid.TryGetInt64(out var customerId)
            ? customers.GetValueOrDefault(customerId)
            : null;
        return new Deal
        {
            Id = OutboundJsonHttp.Invariant($"rc-{id}"),
            Name = $"Заказ #{Text(order, "number") ?? id.ToString(CultureInfo.InvariantCulture)}",
            ManagerId = ManagerId(Long(order, "managerId")),
            Budget = total,
            Currency = options.Currency,
            Stage = status,
            Status = options.WonStatuses.Contains(status) ? DealStatus.Won : options.LostStatuses.Contains(status) ? DealStatus.Lost : DealStatus.Open,
            CreatedAt = created,
            UpdatedAt = updated < created ? created : updated,
            ClientName = string.IsNullOrWhiteSpace(customerName) ? $"{Text(order, "firstName")} {Text(order, "lastName")}".Trim() is { Length: > 0 } n ? n : null : customerName,
        };
    }

    private static Chat ChatOf(JsonElement chat)
    {
        var channel = chat.TryGetProperty("channel", out var ch) ? Text(ch, "type") : null;
        var customer = chat.TryGetProperty("customer", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var created = IsoDate(chat, "created_at") ?? throw Invalid("chat", "created_at");
        return new Chat
        {
            Id = OutboundJsonHttp.Invariant($"rc-chat-{Long(chat, "id")}"),
            Channel = channel switch
            {
                "whatsapp" => Channel.Whatsapp,
                "instagram" => Channel.Instagram,
                _ => throw Invalid("chat", "channel.type"),
            },
            ClientName = customer.ValueKind == JsonValueKind.Object ? Text(customer, "name") : null,
            ClientPhone = customer.ValueKind == JsonValueKind.Object ? Text(customer, "phone")?.TrimStart('+') : null,
            CreatedAt = created,
            UpdatedAt = IsoDate(chat, "last_activity") ?? created,
        };
    }

    private static ChatMessage MessageOf(JsonElement message, Chat chat)
    {
        var from = message.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.Object ? f : throw Invalid("message", "from");
        var inbound = Text(from, "type") switch
        {
            "customer" => true,
            "user" => false,
            _ => throw Invalid("message", "from.type"),
        };
        var text = Text(message, "content");
        return new ChatMessage
        {
            Id = OutboundJsonHttp.Invariant($"rc-msg-{Long(message, "id")}"),
            ChatId = chat.Id,
            Direction = inbound ? Direction.Inbound : Direction.Outbound,
            SentAt = IsoDate(message, "created_at") ?? throw Invalid("message", "created_at"),
            Text = text is { Length: > Import.ImportRecordReader.MaxTextLength } ? text[..Import.ImportRecordReader.MaxTextLength] : text,
            ManagerId = inbound ? chat.ManagerId : ManagerId(Long(from, "id")),
            Source = "retailcrm",
        };
    }

    private static IEnumerable<JsonElement> Array(JsonElement? json, string name) =>
        json is { } body && body.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray()
            : json is null ? [] : throw new OutboundResponseException("retailcrm", $"the answer has no '{name}' array.");

    private static string ManagerId(long id) => OutboundJsonHttp.Invariant($"rc-{id}");

    private static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private DateTimeOffset? Date(JsonElement item, string name, TimeZoneInfo zone)
    {
        if (Text(item, name) is not { } raw)
        {
            return null;
        }
        if (!DateTime.TryParseExact(raw, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            throw Invalid("order", name);
        }
        var at = new DateTimeOffset(local, zone.GetUtcOffset(local));
        return at.Year < 2000 || at > time.GetUtcNow().AddDays(1) ? throw Invalid("order", name) : at.ToUniversalTime();
    }

    private static DateTimeOffset? IsoDate(JsonElement item, string name) =>
        Text(item, name) is not { } raw ? null
        : DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) && at.Year >= 2000 ? at
        : throw Invalid("item", name);

    private static long Long(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n > 0 ? n : throw Invalid("item", name);

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static OutboundResponseException Invalid(string what, string field) => new("retailcrm", $"{what} has an invalid or missing '{field}'.");
}
