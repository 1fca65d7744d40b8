using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SalesCoach.Tests.Fakes;

/// <summary>
/// The bot's side of the loopback Bot API (https://core.telegram.org/bots/api): every call is recorded with
/// its JSON body; reply_markup is checked as Telegram does (callback_data 1–64 bytes, else 400
/// BUTTON_DATA_INVALID); editMessageText answers the edited Message, or 400 "message is not modified" when
/// nothing changed; answerCallbackQuery, setWebhook (secret_token 1–256 of A-Z a-z 0-9 _ -), setMyCommands and
/// deleteWebhook answer true; failures scripted with FailNext are served to these methods too; getUpdates serves queued updates from its offset, long-polling up to its timeout,
/// and 409 while a webhook is set, as Telegram does.
/// </summary>
public sealed partial class FakeTelegramServer
{
    private readonly ConcurrentDictionary<(long Chat, int Message), string> shown = new();
    private readonly List<JsonObject> pendingUpdates = [];
    private readonly SemaphoreSlim updatesArrived = new(0);
    private string? webhookUrl;

    public sealed record Call(string Method, JsonObject Body, DateTimeOffset At);

    /// <summary>Every Bot API call in order, with its body (sendMessage included).</summary>
    public ConcurrentQueue<Call> Calls { get; } = new();

    public IEnumerable<Call> CallsOf(string method) => Calls.Where(c => c.Method == method);

    /// <summary>Queues an update for getUpdates.</summary>
    public void QueueUpdate(JsonObject update)
    {
        lock (pendingUpdates)
        {
            pendingUpdates.Add(update);
        }
        updatesArrived.Release();
    }

    private WebApplication MapBotMethods(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var segments = context.Request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
            if (segments.Length == 2 && segments[0].StartsWith("bot", StringComparison.Ordinal))
            {
                context.Request.EnableBuffering();
                var body = await ReadBodyAsync(context.Request);
                context.Request.Body.Position = 0;
                Calls.Enqueue(new Call(segments[1], body, DateTimeOffset.UtcNow));
                if (segments[1] is "sendMessage" or "editMessageText" && MarkupProblem(body) is { } problem)
                {
                    await Error(400, "Bad Request: " + problem, null).ExecuteAsync(context);
                    return;
                }
                // Scripted failures (FailNext) apply to the bot's other methods too; sendMessage serves its own.
                if (segments[1] != "sendMessage" && script.TryDequeue(out var failure))
                {
                    await Error(failure.Status, failure.Status == 429 ? $"Too Many Requests: retry after {failure.RetryAfter}" : "Internal Server Error", failure.RetryAfter).ExecuteAsync(context);
                    return;
                }
            }
            await next();
        });
        app.MapPost("/bot{token}/editMessageText", async (string token, HttpContext context) =>
        {
            var body = await ReadBodyAsync(context.Request);
            if (token != Token)
            {
                return Error(401, "Unauthorized", null);
            }
            var chat = ChatIdOf(body["chat_id"]);
            var messageId = (int)NumberOf(body["message_id"]);
            var text = body["text"]?.GetValue<string>() ?? "";
            if (text.Length is 0 or > 4096)
            {
                return Error(400, text.Length == 0 ? "Bad Request: message text is empty" : "Bad Request: MESSAGE_TOO_LONG", null);
            }
            var content = text + "\u0000" + (body["reply_markup"]?.ToJsonString() ?? "");
            if (shown.TryGetValue((chat, messageId), out var before) && before == content)
            {
                return Error(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message", null);
            }
            shown[(chat, messageId)] = content;
            return Ok(new JsonObject
            {
                ["message_id"] = messageId,
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["edit_date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["chat"] = new JsonObject { ["id"] = chat, ["type"] = "private" },
                ["text"] = text,
            });
        });
        app.MapPost("/bot{token}/answerCallbackQuery", async (string token, HttpContext context) =>
        {
            var body = await ReadBodyAsync(context.Request);
            if (token != Token)
            {
                return Error(401, "Unauthorized", null);
            }
            return body["callback_query_id"] is null ? Error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid", null) : Ok(true);
        });
        app.MapPost("/bot{token}/setWebhook", async (string token, HttpContext context) =>
        {
            var body = await ReadBodyAsync(context.Request);
            var secret = body["secret_token"]?.GetValue<string>();
            if (token != Token)
            {
                return Error(401, "Unauthorized", null);
            }
            if (secret is not null && (secret.Length is 0 or > 256 || !secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
            {
                return Error(400, "Bad Request: secret token contains unallowed characters", null);
            }
            webhookUrl = body["url"]?.GetValue<string>();
            return Ok(true);
        });
        app.MapPost("/bot{token}/deleteWebhook", (string token) =>
        {
            webhookUrl = null;
            return token == Token ? Ok(true) : Error(401, "Unauthorized", null);
        });
        app.MapPost("/bot{token}/setMyCommands", async (string token, HttpContext context) =>
        {
            var body = await ReadBodyAsync(context.Request);
            return token != Token ? Error(401, "Unauthorized", null)
                : body["commands"] is JsonArray { Count: > 0 and <= 100 } ? Ok(true) : Error(400, "Bad Request: commands must be non-empty", null);
        });
        app.MapPost("/bot{token}/getUpdates", async (string token, HttpContext context) =>
        {
            var body = await ReadBodyAsync(context.Request);
            if (token != Token)
            {
                return Error(401, "Unauthorized", null);
            }
            if (!string.IsNullOrEmpty(webhookUrl))
            {
                return Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first", null);
            }
            var offset = body["offset"] is { } o ? NumberOf(o) : 0;
            var timeout = body["timeout"] is { } t ? NumberOf(t) : 0;
            var deadline = DateTimeOffset.UtcNow.AddSeconds(timeout);
            while (true)
            {
                JsonArray result;
                lock (pendingUpdates)
                {
                    // Asking from an offset confirms (and forgets) every update before it.
                    pendingUpdates.RemoveAll(u => NumberOf(u["update_id"]) < offset);
                    result = new JsonArray(pendingUpdates.Select(u => (JsonNode)u.DeepClone()).ToArray());
                }
                var left = deadline - DateTimeOffset.UtcNow;
                if (result.Count > 0 || left <= TimeSpan.Zero)
                {
                    return Ok(result);
                }
                await updatesArrived.WaitAsync(left, context.RequestAborted);
            }
        });
        return app;
    }

    private static IResult Ok(JsonNode result) => Results.Json(new JsonObject { ["ok"] = true, ["result"] = result });

    private static long ChatIdOf(JsonNode? node) => NumberOf(node);

    /// <summary>A JSON number (or a number in a string, as form bodies carry it), whatever .NET type the node was built from.</summary>
    private static long NumberOf(JsonNode? node) => long.Parse(node!.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Telegram's checks on an inline keyboard: rows of buttons, each with text and callback_data of 1–64 bytes.</summary>
    private static string? MarkupProblem(JsonObject body)
    {
        if (body["reply_markup"] is not { } markup)
        {
            return null;
        }
        var parsed = markup.GetValueKind() == JsonValueKind.String ? JsonNode.Parse(markup.GetValue<string>()) : markup;
        if (parsed?["inline_keyboard"] is not JsonArray rows)
        {
            return "can't parse reply keyboard markup JSON object";
        }
        foreach (var button in rows.SelectMany(r => r as JsonArray ?? []))
        {
            if (button?["text"] is null)
            {
                return "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard";
            }
            if (button["callback_data"]?.GetValue<string>() is { } data && Encoding.UTF8.GetByteCount(data) is 0 or > 64)
            {
                return "BUTTON_DATA_INVALID";
            }
        }
        return null;
    }
}
