// Owns building Telegram updates exactly as the Bot API documents them (https://core.telegram.org/bots/api#update), and posting them as Telegram does.
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace SalesCoach.Tests.Bot;

/// <summary>Update payloads in the Bot API's wire format: snake_case fields, Unix dates, chat and user objects.</summary>
internal static class BotWire
{
    public const string Secret = "loopback-webhook-secret_42";
    private static int nextUpdateId = 700_000_000;
    private static int nextCallbackId = 1;

    public static int NewUpdateId() => Interlocked.Increment(ref nextUpdateId);

    public static JsonObject User(long id, string firstName, string? languageCode = "ru") => new()
    {
        ["id"] = id, ["is_bot"] = false, ["first_name"] = firstName, ["language_code"] = languageCode,
    };

    public static JsonObject PrivateChat(long id, string firstName) => new() { ["id"] = id, ["type"] = "private", ["first_name"] = firstName };

    public static JsonObject MessageObject(long userId, string text, int messageId = 1, JsonObject? chat = null, string? languageCode = "ru")
    {
        var message = new JsonObject
        {
            ["message_id"] = messageId,
            ["from"] = User(userId, "User" + userId, languageCode),
            ["chat"] = chat ?? PrivateChat(userId, "User" + userId),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["text"] = text,
        };
        if (text.StartsWith('/'))
        {
            var length = text.IndexOf(' ') is var space and > 0 ? space : text.Length;
            message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = length });
        }
        return message;
    }

    public static JsonObject Message(long userId, string text, int? updateId = null, JsonObject? chat = null, string? languageCode = "ru") => new()
    {
        ["update_id"] = updateId ?? NewUpdateId(),
        ["message"] = MessageObject(userId, text, chat: chat, languageCode: languageCode),
    };

    public static JsonObject EditedMessage(long userId, string text) => new()
    {
        ["update_id"] = NewUpdateId(),
        ["edited_message"] = MessageObject(userId, text).Also(m => m["edit_date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
    };

    /// <summary>A press on an inline button under the bot's message <paramref name="messageId"/> in the user's private chat.</summary>
    public static JsonObject Callback(long userId, string data, int messageId = 500, long? chatId = null) => new()
    {
        ["update_id"] = NewUpdateId(),
        ["callback_query"] = new JsonObject
        {
            ["id"] = "cbq" + Interlocked.Increment(ref nextCallbackId),
            ["from"] = User(userId, "User" + userId),
            ["message"] = new JsonObject
            {
                ["message_id"] = messageId,
                ["from"] = new JsonObject { ["id"] = 424242, ["is_bot"] = true, ["first_name"] = "SalesCoach", ["username"] = "SalesCoachBot" },
                ["chat"] = PrivateChat(chatId ?? userId, "User" + userId),
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["text"] = "…",
            },
            ["chat_instance"] = "-" + userId,
            ["data"] = data,
        },
    };

    /// <summary>The user blocked the bot: Telegram reports it as my_chat_member.</summary>
    public static JsonObject MyChatMember(long userId) => new()
    {
        ["update_id"] = NewUpdateId(),
        ["my_chat_member"] = new JsonObject
        {
            ["chat"] = PrivateChat(userId, "User" + userId),
            ["from"] = User(userId, "User" + userId),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["old_chat_member"] = new JsonObject { ["status"] = "member", ["user"] = new JsonObject { ["id"] = 424242, ["is_bot"] = true, ["first_name"] = "SalesCoach" } },
            ["new_chat_member"] = new JsonObject { ["status"] = "kicked", ["user"] = new JsonObject { ["id"] = 424242, ["is_bot"] = true, ["first_name"] = "SalesCoach" }, ["until_date"] = 0 },
        },
    };

    private static JsonObject Also(this JsonObject node, Action<JsonObject> change)
    {
        change(node);
        return node;
    }

    /// <summary>POST /api/telegram/webhook as Telegram sends it: JSON body, the secret token header.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string? secret = Secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/telegram/webhook", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (secret is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        return client.SendAsync(request);
    }
}
