using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SalesCoach.Tests.Fakes;

/// <summary>
/// A loopback RetailCRM: API v5 lists (X-API-KEY, limit/page, {"success", "&lt;list&gt;", "pagination"},
/// filter[updatedAtFrom] on orders) and the MG Bot API's chats and messages (X-Bot-Token), with
/// scripted 429/5xx answers.
/// </summary>
public sealed class FakeRetailCrmServer : LoopbackServer
{
    public const string ApiKey = "retail-api-key";
    public const string BotToken = "retail-bot-token";
    private readonly ScriptedFailures script = new();

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

    /// <summary>The next requests answer these statuses first.</summary>
    public void Fail(int status, int times = 1) => script.Add(status, times);

    protected override void Map(WebApplication app)
    {
        ApiList(app, "/api/v5/users", "users", Users);
        ApiList(app, "/api/v5/customers", "customers", Customers);
        ApiList(app, "/api/v5/orders", "orders", Orders);
        app.MapGet("/api/bot/v1/chats", (HttpContext context) => Bot(context, () => new JsonObject { ["chats"] = Clone(Chats) }));
        app.MapGet("/api/bot/v1/messages", (HttpContext context) => Bot(context, () =>
        {
            var chatId = long.Parse(context.Request.Query["chat_id"].ToString(), CultureInfo.InvariantCulture);
            return new JsonObject { ["messages"] = Clone(Messages.Where(m => long.Parse(m["chat_id"]!.ToJsonString(), CultureInfo.InvariantCulture) == chatId)) };
        }));
    }

    private IResult Bot(HttpContext context, Func<JsonObject> answer)
    {
        Requests.Enqueue(context.Request.Path + context.Request.QueryString);
        return context.Request.Headers["X-Bot-Token"].ToString() != BotToken
            ? Results.Json(new JsonObject { ["errors"] = new JsonArray("invalid token") }, statusCode: 401)
            : Results.Json(answer());
    }

    private void ApiList(WebApplication app, string path, string name, List<JsonObject> items) =>
        app.MapGet(path, (HttpContext context) =>
        {
            Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            if (context.Request.Headers["X-API-KEY"].ToString() != ApiKey)
            {
                return Results.Json(new JsonObject { ["success"] = false, ["errorMsg"] = "Wrong \"apiKey\" value." }, statusCode: 401);
            }
            if (script.TryTake(context, out var failure))
            {
                return Results.Json(new JsonObject { ["success"] = false, ["errorMsg"] = "error" }, statusCode: failure);
            }
            var query = context.Request.Query;
            var limit = int.Parse(query["limit"].FirstOrDefault() ?? "20", CultureInfo.InvariantCulture);
            var page = int.Parse(query["page"].FirstOrDefault() ?? "1", CultureInfo.InvariantCulture);
            IEnumerable<JsonObject> selected = items;
            if (query["filter[updatedAtFrom]"].FirstOrDefault() is { } from)
            {
                selected = selected.Where(o => string.CompareOrdinal(o["statusUpdatedAt"]?.GetValue<string>() ?? o["createdAt"]!.GetValue<string>(), from) >= 0);
            }
            var all = selected.ToList();
            var totalPages = Math.Max(1, (all.Count + limit - 1) / limit);
            return Results.Json(new JsonObject
            {
                ["success"] = true,
                [name] = Clone(all.Skip((page - 1) * limit).Take(limit)),
                ["pagination"] = new JsonObject { ["limit"] = limit, ["totalCount"] = all.Count, ["currentPage"] = page, ["totalPageCount"] = totalPages },
            });
        });

    private static JsonArray Clone(IEnumerable<JsonObject> items) => new(items.Select(i => (JsonNode)i.DeepClone()).ToArray());
}
