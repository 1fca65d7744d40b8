using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SalesCoach.Tests.Fakes;

/// <summary>
/// A loopback RetailCRM, written from /work/shared/api-notes/wire-facts.md and the fixtures in
/// Crm/Fixtures (not from the client):
/// <list type="bullet">
/// <item>API v5 lists (X-API-KEY header or apiKey query; wrong key → 403 {"success":false,"errorMsg"}):
/// <c>limit</c> one of 20/50/100 (else 400 with "errors"), <c>page</c>, answers
/// {"success":true,"&lt;list&gt;":[…],"pagination":{limit,totalCount,currentPage,totalPageCount}}. Orders
/// filter on <c>filter[createdAtFrom|To]</c>, <c>filter[statusUpdatedAtFrom|To]</c> (Y-m-d H:i:s, in the
/// account zone, inclusive; several filters all apply) and <c>filter[ids][]</c>; other filters are ignored.</item>
/// <item>The MG Bot API (X-Bot-Token): /api/bot/v1/chats and /messages answer a bare JSON array in id
/// order, after <c>since_id</c>, at most <c>limit</c> and never more than 1000; /messages filters on
/// <c>chat_id</c>. Errors are {"errors":[…]}.</item>
/// </list>
/// Scripted failures answer first: RetailCRM's rate limit is a 503, a 429 carries Retry-After.
/// </summary>
public sealed class FakeRetailCrmServer : LoopbackServer
{
    public const string ApiKey = "retail-api-key";
    public const string BotToken = "retail-bot-token";
    /// <summary>The MG Bot API returns at most this many records per call (wire facts, MG).</summary>
    public const int MgMaxLimit = 1000;
    private static readonly int[] ApiLimits = [20, 50, 100];
    private readonly ScriptedFailures apiFailures = new();
    private readonly ScriptedFailures mgFailures = new();

    /// <summary>Every request as path and query (query still percent-encoded), in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();
    public List<JsonObject> Users { get; } = [];
    public List<JsonObject> Customers { get; } = [];
    public List<JsonObject> Orders { get; } = [];
    public List<JsonObject> Chats { get; } = [];
    public List<JsonObject> Messages { get; } = [];

    public static async Task<FakeRetailCrmServer> StartNewAsync()
    {
        var server = new FakeRetailCrmServer();
        await server.StartAsync();
        return server;
    }

    /// <summary>Loads the recorded-style fixtures: 23 users, 3 customers, 27 orders, 4 MG chats, chat 4127's 7 messages.</summary>
    public FakeRetailCrmServer WithFixtures()
    {
        Users.AddRange(Items("retailcrm/users-page1.json", "users").Concat(Items("retailcrm/users-page2.json", "users")));
        Customers.AddRange(Items("retailcrm/customers.json", "customers"));
        Orders.AddRange(Items("retailcrm/orders-page1.json", "orders").Concat(Items("retailcrm/orders-page2.json", "orders")));
        Chats.AddRange(Array("mg/chats-page1.json").Concat(Array("mg/chats-page2-short.json")));
        Messages.AddRange(Array("mg/messages-chat-4127.json"));
        return this;
    }

    public static JsonNode Fixture(string relativePath) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Crm", "Fixtures", relativePath)))!;

    /// <summary>The next API v5 requests answer these statuses first.</summary>
    public void Fail(int status, int times = 1) => apiFailures.Add(status, times);

    /// <summary>The next MG Bot API requests answer these statuses first.</summary>
    public void FailMessaging(int status, int times = 1) => mgFailures.Add(status, times);

    /// <summary>The fixtures' account time zone (README of Crm/Fixtures: Europe/Moscow, UTC+3).</summary>
    public static readonly TimeZoneInfo AccountZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    /// <summary>A moment as RetailCRM writes it: "Y-m-d H:i:s" in the account's zone.</summary>
    public static string AccountTime(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, AccountZone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Forgets the requests so far, so a test can look at one pull's.</summary>
    public void ForgetRequests() => Requests.Clear();

    /// <summary>Requests to one path (e.g. "/api/v5/orders"), with their decoded query.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> RequestsTo(string path) =>
        Requests.Where(r => r.Split('?')[0] == path)
            .Select(r => (IReadOnlyDictionary<string, string>)ParseQuery(r.Contains('?', StringComparison.Ordinal) ? r[(r.IndexOf('?', StringComparison.Ordinal) + 1)..] : ""))
            .ToList();

    protected override void Map(WebApplication app)
    {
        ApiList(app, "/api/v5/users", "users", () => Users);
        ApiList(app, "/api/v5/customers", "customers", () => Customers);
        ApiList(app, "/api/v5/orders", "orders", () => Orders);
        app.MapGet("/api/bot/v1/chats", (HttpContext context) => MgList(context, Chats));
        app.MapGet("/api/bot/v1/messages", (HttpContext context) =>
        {
            var query = context.Request.Query;
            IEnumerable<JsonObject> messages = Messages;
            if (query["chat_id"].FirstOrDefault() is { } chat)
            {
                if (!long.TryParse(chat, NumberStyles.None, CultureInfo.InvariantCulture, out var chatId))
                {
                    return Results.Json(new JsonObject { ["errors"] = new JsonArray("chat_id: invalid value") }, statusCode: 400);
                }
                messages = messages.Where(m => Id(m["chat_id"]) == chatId);
            }
            return MgList(context, messages);
        });
    }

    private IResult MgList(HttpContext context, IEnumerable<JsonObject> items)
    {
        Requests.Enqueue(context.Request.Path + context.Request.QueryString);
        if (context.Request.Headers["X-Bot-Token"].ToString() != BotToken)
        {
            return Results.Json(new JsonObject { ["errors"] = new JsonArray("Invalid token") }, statusCode: 401);
        }
        if (mgFailures.TryTake(context, out var failure))
        {
            return Results.Json(new JsonObject { ["errors"] = new JsonArray("Service unavailable") }, statusCode: failure);
        }
        var query = context.Request.Query;
        var limit = MgMaxLimit;
        if (query["limit"].FirstOrDefault() is { } rawLimit && (!int.TryParse(rawLimit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
        {
            return Results.Json(new JsonObject { ["errors"] = new JsonArray("limit: invalid value") }, statusCode: 400);
        }
        var sinceId = 0L;
        if (query["since_id"].FirstOrDefault() is { } rawSince && !long.TryParse(rawSince, NumberStyles.None, CultureInfo.InvariantCulture, out sinceId))
        {
            return Results.Json(new JsonObject { ["errors"] = new JsonArray("since_id: invalid value") }, statusCode: 400);
        }
        var page = items.Where(i => Id(i["id"]) > sinceId).OrderBy(i => Id(i["id"])).Take(Math.Min(limit, MgMaxLimit));
        return Results.Json(Clone(page));
    }

    private void ApiList(WebApplication app, string path, string name, Func<List<JsonObject>> items) =>
        app.MapGet(path, (HttpContext context) =>
        {
            Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            var query = context.Request.Query;
            var key = context.Request.Headers["X-API-KEY"].FirstOrDefault() ?? query["apiKey"].FirstOrDefault();
            if (key != ApiKey)
            {
                return Results.Json(new JsonObject { ["success"] = false, ["errorMsg"] = "Wrong \"apiKey\" value" }, statusCode: 403);
            }
            if (apiFailures.TryTake(context, out var failure))
            {
                return Results.Json(new JsonObject { ["success"] = false, ["errorMsg"] = failure == 503 ? "Rate limit exceeded" : "Internal error" }, statusCode: failure);
            }
            var errors = new JsonObject();
            var limit = 20;
            if (query["limit"].FirstOrDefault() is { } rawLimit && (!int.TryParse(rawLimit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || !ApiLimits.Contains(limit)))
            {
                errors["limit"] = "The value you selected is not a valid choice.";
            }
            var page = 1;
            if (query["page"].FirstOrDefault() is { } rawPage && (!int.TryParse(rawPage, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
            {
                errors["page"] = "This value should be greater than or equal to 1.";
            }
            IEnumerable<JsonObject> selected = items();
            foreach (var (filter, field, from) in new[]
            {
                ("filter[createdAtFrom]", "createdAt", true), ("filter[createdAtTo]", "createdAt", false),
                ("filter[statusUpdatedAtFrom]", "statusUpdatedAt", true), ("filter[statusUpdatedAtTo]", "statusUpdatedAt", false),
            })
            {
                if (query[filter].FirstOrDefault() is not { } value)
                {
                    continue;
                }
                if (!DateTime.TryParseExact(value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    errors[filter] = "This value is not a valid datetime.";
                    continue;
                }
                // "Y-m-d H:i:s" strings order as the dates they spell.
                selected = selected.Where(o => o[field]?.GetValue<string>() is { } at && (from ? string.CompareOrdinal(at, value) >= 0 : string.CompareOrdinal(at, value) <= 0));
            }
            if (query["filter[ids][]"] is { Count: > 0 } ids)
            {
                var wanted = ids.Select(i => long.Parse(i!, CultureInfo.InvariantCulture)).ToHashSet();
                selected = selected.Where(o => Id(o["id"]) is { } id && wanted.Contains(id));
            }
            if (errors.Count > 0)
            {
                return Results.Json(new JsonObject { ["success"] = false, ["errorMsg"] = "Errors in the input parameters", ["errors"] = errors }, statusCode: 400);
            }
            var all = selected.OrderBy(o => Id(o["id"])).ToList();
            return Results.Json(new JsonObject
            {
                ["success"] = true,
                ["pagination"] = new JsonObject
                {
                    ["limit"] = limit, ["totalCount"] = all.Count, ["currentPage"] = page, ["totalPageCount"] = (all.Count + limit - 1) / limit,
                },
                [name] = Clone(all.Skip((page - 1) * limit).Take(limit)),
            });
        });

    private static IEnumerable<JsonObject> Items(string fixture, string name) => Fixture(fixture)[name]!.AsArray().Select(i => i!.AsObject().DeepClone().AsObject());

    private static IEnumerable<JsonObject> Array(string fixture) => Fixture(fixture).AsArray().Select(i => i!.AsObject().DeepClone().AsObject());

    private static Dictionary<string, string> ParseQuery(string query) =>
        query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .GroupBy(pair => Uri.UnescapeDataString(pair[0]), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(",", g.Select(p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "")), StringComparer.Ordinal);

    /// <summary>A numeric id however the JsonNode holds it (parsed from text or set in a test).</summary>
    private static long? Id(JsonNode? node) =>
        node is JsonValue value && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static JsonArray Clone(IEnumerable<JsonObject> items) => new(items.Select(i => (JsonNode)i.DeepClone()).ToArray());
}
