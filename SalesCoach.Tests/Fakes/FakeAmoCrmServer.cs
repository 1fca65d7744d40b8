using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SalesCoach.Tests.Fakes;

/// <summary>
/// A loopback amoCRM API v4: OAuth2 refresh at /oauth2/access_token (rotating pairs), bearer-checked
/// list endpoints with page/limit paging (_page, _links.next, _embedded, 204 when empty),
/// filter[updated_at][from] / filter[created_at][from], and scripted 429/5xx/401 answers.
/// </summary>
public sealed class FakeAmoCrmServer : LoopbackServer
{
    public const string ClientId = "client-id";
    public const string ClientSecret = "client-secret";
    private readonly ScriptedFailures script = new();
    private int generation = 1;

    public string AccessToken { get; private set; } = "access-1";
    public string RefreshToken { get; private set; } = "refresh-1";
    public int Refreshes { get; private set; }
    public ConcurrentQueue<string> Requests { get; } = new();

    public List<JsonObject> Users { get; } = [];
    public List<JsonObject> Pipelines { get; } = [];
    public List<JsonObject> Leads { get; } = [];
    public List<JsonObject> Notes { get; } = [];
    public List<JsonObject> Tasks { get; } = [];
    public List<JsonObject> Events { get; } = [];

    public static async Task<FakeAmoCrmServer> StartNewAsync()
    {
        var server = new FakeAmoCrmServer();
        await server.StartAsync();
        return server;
    }

    /// <summary>The next requests answer these statuses first.</summary>
    public void Fail(int status, int times = 1) => script.Add(status, times);

    /// <summary>Invalidates the current access token, as when it expires or is revoked.</summary>
    public void ExpireAccessToken() => AccessToken = "expired-" + Guid.NewGuid().ToString("N");

    protected override void Map(WebApplication app)
    {
        app.MapPost("/oauth2/access_token", async (HttpContext context) =>
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            if (body["client_id"]?.GetValue<string>() != ClientId || body["client_secret"]?.GetValue<string>() != ClientSecret
                || body["grant_type"]?.GetValue<string>() != "refresh_token" || body["refresh_token"]?.GetValue<string>() != RefreshToken)
            {
                return Results.Json(new JsonObject { ["hint"] = "Token has been revoked", ["title"] = "Unauthorized", ["status"] = 401 }, statusCode: 401);
            }
            generation++;
            Refreshes++;
            AccessToken = $"access-{generation}";
            RefreshToken = $"refresh-{generation}";
            return Results.Json(new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = 86400, ["access_token"] = AccessToken, ["refresh_token"] = RefreshToken });
        });
        List(app, "/api/v4/users", "users", Users, filterField: null);
        List(app, "/api/v4/leads/pipelines", "pipelines", Pipelines, filterField: null);
        List(app, "/api/v4/leads", "leads", Leads, "updated_at");
        List(app, "/api/v4/leads/notes", "notes", Notes, "updated_at");
        List(app, "/api/v4/tasks", "tasks", Tasks, "updated_at");
        List(app, "/api/v4/events", "events", Events, "created_at");
    }

    private void List(WebApplication app, string path, string embedded, List<JsonObject> items, string? filterField) =>
        app.MapGet(path, (HttpContext context) =>
        {
            Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            if (context.Request.Headers.Authorization.ToString() != "Bearer " + AccessToken)
            {
                return Results.Json(new JsonObject { ["title"] = "Unauthorized", ["status"] = 401 }, statusCode: 401);
            }
            if (script.TryTake(context, out var failure))
            {
                return Results.Json(new JsonObject { ["title"] = "Error", ["status"] = failure }, statusCode: failure);
            }
            var query = context.Request.Query;
            var page = int.Parse(query["page"].FirstOrDefault() ?? "1", CultureInfo.InvariantCulture);
            var limit = int.Parse(query["limit"].FirstOrDefault() ?? "50", CultureInfo.InvariantCulture);
            // Documented limits: 250 per page on lists; the events list takes at most 100 and falls back to 50 above that.
            limit = path == "/api/v4/events" ? (limit > 100 ? 50 : limit) : Math.Min(limit, 250);
            IEnumerable<JsonObject> selected = items;
            if (filterField is not null && query[$"filter[{filterField}][from]"].FirstOrDefault() is { } from)
            {
                var since = long.Parse(from, CultureInfo.InvariantCulture);
                selected = selected.Where(i => i[filterField]!.GetValue<long>() >= since);
            }
            if (query["filter[type]"].FirstOrDefault() is { } type)
            {
                selected = selected.Where(i => i["type"]?.GetValue<string>() == type);
            }
            var all = selected.ToList();
            var slice = all.Skip((page - 1) * limit).Take(limit).ToList();
            if (slice.Count == 0)
            {
                return Results.NoContent();
            }
            var links = new JsonObject { ["self"] = new JsonObject { ["href"] = $"{path}?page={page}" } };
            if (page * limit < all.Count)
            {
                links["next"] = new JsonObject { ["href"] = $"{path}?page={page + 1}" };
            }
            return Results.Json(new JsonObject
            {
                ["_page"] = page,
                ["_links"] = links,
                ["_embedded"] = new JsonObject { [embedded] = new JsonArray(slice.Select(i => (JsonNode)i.DeepClone()).ToArray()) },
            });
        });

    public static JsonObject Lead(long id, long responsible, long status, long created, long updated, string name = "Сделка", decimal price = 100_000) => new()
    {
        ["id"] = id, ["name"] = name, ["price"] = price, ["responsible_user_id"] = responsible, ["status_id"] = status, ["pipeline_id"] = 1,
        ["created_at"] = created, ["updated_at"] = updated, ["closed_at"] = null,
    };
}
