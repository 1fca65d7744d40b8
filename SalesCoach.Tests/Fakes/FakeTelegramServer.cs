using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SalesCoach.Tests.Fakes;

/// <summary>
/// A loopback Telegram Bot API: POST /bot{token}/sendMessage records the call and answers in the Bot
/// API's format. Scripted failures (429 with parameters.retry_after, 5xx, 403) are served first, in order.
/// </summary>
public sealed partial class FakeTelegramServer : LoopbackServer
{
    public const string Token = "123456:TEST-token-for-loopback-fake";

    private readonly ConcurrentQueue<(int Status, int? RetryAfter)> script = new();
    private int nextMessageId = 1;

    public sealed record SentMessage(long ChatId, string Text, string? ParseMode, DateTimeOffset ReceivedAt, int Status);

    public ConcurrentQueue<SentMessage> Requests { get; } = new();

    public IEnumerable<SentMessage> Delivered => Requests.Where(r => r.Status == 200);

    public static async Task<FakeTelegramServer> StartNewAsync()
    {
        var server = new FakeTelegramServer();
        await server.StartAsync();
        return server;
    }

    public void FailNext(int status, int? retryAfter = null, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            script.Enqueue((status, retryAfter));
        }
    }

    protected override void Map(WebApplication app) =>
        MapBotMethods(app).MapPost("/bot{token}/sendMessage", async (string token, HttpContext context) =>
        {
            var body = await ReadBodyAsync(context.Request);
            var chatId = body["chat_id"]!.GetValueKind() == JsonValueKind.String ? long.Parse(body["chat_id"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) : body["chat_id"]!.GetValue<long>();
            var text = body["text"]!.GetValue<string>();
            var parseMode = body["parse_mode"]?.GetValue<string>();

            if (token != Token)
            {
                Requests.Enqueue(new SentMessage(chatId, text, parseMode, DateTimeOffset.UtcNow, 401));
                return Error(401, "Unauthorized", null);
            }
            if (script.TryDequeue(out var failure))
            {
                Requests.Enqueue(new SentMessage(chatId, text, parseMode, DateTimeOffset.UtcNow, failure.Status));
                var description = failure.Status switch
                {
                    429 => $"Too Many Requests: retry after {failure.RetryAfter}",
                    403 => "Forbidden: bot was blocked by the user",
                    _ => "Internal Server Error",
                };
                return Error(failure.Status, description, failure.RetryAfter);
            }
            if (text.Length > 4096)
            {
                Requests.Enqueue(new SentMessage(chatId, text, parseMode, DateTimeOffset.UtcNow, 400));
                return Error(400, "Bad Request: message is too long", null);
            }

            Requests.Enqueue(new SentMessage(chatId, text, parseMode, DateTimeOffset.UtcNow, 200));
            var id = Interlocked.Increment(ref nextMessageId);
            return Results.Json(new JsonObject
            {
                ["ok"] = true,
                ["result"] = new JsonObject
                {
                    ["message_id"] = id,
                    ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                    ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private" },
                    ["text"] = text,
                },
            });
        });

    private static IResult Error(int status, string description, int? retryAfter)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = status, ["description"] = description };
        if (retryAfter is { } seconds)
        {
            body["parameters"] = new JsonObject { ["retry_after"] = seconds };
        }
        return Results.Json(body, statusCode: status);
    }

    /// <summary>Telegram accepts JSON, form-urlencoded and multipart bodies; Telegram.Bot sends JSON.</summary>
    private static async Task<JsonObject> ReadBodyAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            var result = new JsonObject();
            foreach (var (key, value) in form)
            {
                result[key] = value.ToString();
            }
            return result;
        }
        return (await JsonNode.ParseAsync(request.Body))!.AsObject();
    }
}
