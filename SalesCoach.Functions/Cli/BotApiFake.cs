// Owns a loopback Telegram Bot API that enforces Telegram's limits, for the outbox benchmark and its tests.
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace SalesCoach.Functions.Cli;

/// <summary>
/// POST /bot{token}/sendMessage (and sendPhoto) on 127.0.0.1, answering in the Bot API's format, with
/// Telegram's documented limits enforced: at most one message per chat per <see cref="PerChat"/> and at
/// most <see cref="GlobalPerSecond"/> messages in any second for the bot. A message over either limit is
/// answered 429 with parameters.retry_after, as Telegram does, and counted.
/// </summary>
public sealed class BotApiFake : IAsyncDisposable
{
    public static readonly TimeSpan PerChat = TimeSpan.FromSeconds(1);
    public const int GlobalPerSecond = 30;

    private readonly Lock gate = new();
    // Limits are kept on the monotonic clock (as a server would count them), so a correction of the wall clock cannot move them.
    private readonly Dictionary<long, long> lastPerChat = [];
    private readonly Queue<long> lastSecond = new();
    private WebApplication? app;
    private int nextMessageId;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");
    public ConcurrentQueue<(long ChatId, string Text, DateTimeOffset At)> Delivered { get; } = new();
    public int TooManyRequests => tooManyRequests;

    /// <summary>Every 429 answered: the chat, which limit it crossed, and when (for a failing test to say why).</summary>
    public ConcurrentQueue<(long ChatId, string Limit, DateTimeOffset At)> Refused { get; } = new();
    private int tooManyRequests;

    public static async Task<BotApiFake> StartAsync()
    {
        var fake = new BotApiFake();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        fake.app = builder.Build();
        fake.app.MapPost("/bot{token}/{method}", fake.HandleAsync);
        await fake.app.StartAsync();
        fake.BaseAddress = new Uri(fake.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
        return fake;
    }

    private async Task<IResult> HandleAsync(string token, string method, HttpContext context)
    {
        if (method is not ("sendMessage" or "sendPhoto"))
        {
            return Error(404, "Not Found: method not found", null);
        }
        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        var chat = body["chat_id"]!.GetValueKind() == JsonValueKind.String ? long.Parse(body["chat_id"]!.GetValue<string>(), CultureInfo.InvariantCulture) : body["chat_id"]!.GetValue<long>();
        var now = DateTimeOffset.UtcNow;
        var tick = TimeProvider.System.GetTimestamp();
        int? retryAfter = null;
        string? limit = null;
        lock (gate)
        {
            while (lastSecond.TryPeek(out var oldest) && TimeProvider.System.GetElapsedTime(oldest, tick) >= TimeSpan.FromSeconds(1))
            {
                lastSecond.Dequeue();
            }
            if (lastPerChat.TryGetValue(chat, out var last) && TimeProvider.System.GetElapsedTime(last, tick) < PerChat)
            {
                retryAfter = 1;
                limit = $"per chat: {TimeProvider.System.GetElapsedTime(last, tick).TotalMilliseconds:F0} ms after the last";
            }
            else if (lastSecond.Count >= GlobalPerSecond)
            {
                retryAfter = 1;
                limit = $"global: {lastSecond.Count} in the last second";
            }
            else
            {
                lastPerChat[chat] = tick;
                lastSecond.Enqueue(tick);
            }
        }
        if (retryAfter is { } seconds)
        {
            Interlocked.Increment(ref tooManyRequests);
            Refused.Enqueue((chat, limit!, now));
            return Error(429, $"Too Many Requests: retry after {seconds}", seconds);
        }
        var text = body["text"]?.GetValue<string>() ?? body["caption"]?.GetValue<string>() ?? "";
        Delivered.Enqueue((chat, text, now));
        return Results.Json(new JsonObject
        {
            ["ok"] = true,
            ["result"] = new JsonObject
            {
                ["message_id"] = Interlocked.Increment(ref nextMessageId),
                ["date"] = now.ToUnixTimeSeconds(),
                ["chat"] = new JsonObject { ["id"] = chat, ["type"] = "private" },
                ["text"] = text,
            },
        });
    }

    private static IResult Error(int status, string description, int? retryAfter)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = status, ["description"] = description };
        if (retryAfter is { } seconds)
        {
            body["parameters"] = new JsonObject { ["retry_after"] = seconds };
        }
        return Results.Json(body, statusCode: status);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
