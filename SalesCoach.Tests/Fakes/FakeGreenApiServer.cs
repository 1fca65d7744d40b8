// Owns the loopback GREEN-API: sendMessage and sendFileByUrl as documented, with scripted 429, 5xx and 466 answers.
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SalesCoach.Tests.Fakes;

/// <summary>
/// A loopback GREEN-API speaking the documented format: POST /waInstance{idInstance}/sendMessage/{apiTokenInstance}
/// with {chatId, message[, quotedMessageId, linkPreview]} → 200 {"idMessage"}. Scripted failures answer
/// first: 429 with no body and no Retry-After (the rate limiter documents only the status), 5xx with no
/// body, and 466 with the documented body from the fixtures (error-466.json, error-466-method-quota.json).
/// A wrong instance or token answers 401 and a request without chatId/message 400, both without a body
/// (an assumption: these answers are not among the documented examples).
/// </summary>
public sealed class FakeGreenApiServer : LoopbackServer
{
    public const string IdInstance = "1103945521";
    public const string Token = "loopback-api-token-instance";
    public const int MaxMessageLength = 20_000;

    private readonly ConcurrentQueue<(int Status, string? Body)> script = new();

    public sealed record Sent(string? ChatId, string? Message, int Status);

    public ConcurrentQueue<Sent> Requests { get; } = new();

    /// <param name="Downloaded">Bytes GREEN-API's side fetched from urlFile (as the real service downloads the file), or -1 when the link did not answer 200.</param>
    public sealed record SentFile(string? ChatId, string? UrlFile, string? FileName, string? Caption, int Status, long Downloaded);

    public ConcurrentQueue<SentFile> Files { get; } = new();

    public static async Task<FakeGreenApiServer> StartNewAsync()
    {
        var server = new FakeGreenApiServer();
        await server.StartAsync();
        return server;
    }

    /// <summary>The next requests answer <paramref name="status"/> (no body) first.</summary>
    public void Fail(int status, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            script.Enqueue((status, null));
        }
    }

    /// <summary>The next request answers 466 with the body of the fixture <paramref name="fixture"/>.</summary>
    public void ExhaustQuota(string fixture = "error-466.json") => script.Enqueue((466, Fixture(fixture)));

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Crm", "Fixtures", "greenapi", name));

    protected override void Map(WebApplication app)
    {
        // sendFileByUrl: {chatId, urlFile, fileName[, caption, quotedMessageId]} → {idMessage}; GREEN-API downloads urlFile itself.
        app.MapPost("/waInstance{id}/sendFileByUrl/{token}", async (string id, string token, HttpContext context) =>
        {
            JsonObject? body;
            try
            {
                body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
            }
            catch (JsonException)
            {
                body = null;
            }
            var chatId = Text(body, "chatId");
            var url = Text(body, "urlFile");
            var fileName = Text(body, "fileName");
            var caption = Text(body, "caption");
            if (id != IdInstance || token != Token)
            {
                return Record(401, null, -1);
            }
            if (script.TryDequeue(out var failure))
            {
                return Record(failure.Status, failure.Body, -1);
            }
            if (chatId is null || url is null || fileName is null || !Uri.TryCreate(url, UriKind.Absolute, out var link))
            {
                return Record(400, null, -1);
            }
            long downloaded;
            using (var http = new HttpClient())
            {
                using var response = await http.GetAsync(link);
                downloaded = response.IsSuccessStatusCode ? (await response.Content.ReadAsByteArrayAsync()).LongLength : -1;
            }
            return Record(200, new JsonObject { ["idMessage"] = "BAE5" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant() }.ToJsonString(), downloaded);

            IResult Record(int status, string? json, long bytes)
            {
                Files.Enqueue(new SentFile(chatId, url, fileName, caption, status, bytes));
                return json is null ? Results.StatusCode(status) : Results.Text(json, "application/json", statusCode: status);
            }
        });
        MapSendMessage(app);
    }

    private void MapSendMessage(WebApplication app) =>
        app.MapPost("/waInstance{id}/sendMessage/{token}", async (string id, string token, HttpContext context) =>
        {
            JsonObject? body;
            try
            {
                body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
            }
            catch (JsonException)
            {
                body = null;
            }
            var chatId = Text(body, "chatId");
            var message = Text(body, "message");
            if (id != IdInstance || token != Token)
            {
                return Answer(401, null);
            }
            if (script.TryDequeue(out var failure))
            {
                return Answer(failure.Status, failure.Body);
            }
            if (chatId is null || message is null || message.Length > MaxMessageLength)
            {
                return Answer(400, null);
            }
            var idMessage = "BAE5" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
            return Answer(200, new JsonObject { ["idMessage"] = idMessage }.ToJsonString());

            IResult Answer(int status, string? json)
            {
                Requests.Enqueue(new Sent(chatId, message, status));
                return json is null ? Results.StatusCode(status) : Results.Text(json, "application/json", statusCode: status);
            }
        });

    private static string? Text(JsonObject? body, string name) =>
        body?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
