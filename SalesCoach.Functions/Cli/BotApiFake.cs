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

    /// <summary>Every picture accepted by sendPhoto, with the bytes as uploaded.</summary>
    public ConcurrentQueue<ReceivedPhoto> Photos { get; } = new();

    /// <summary>Answer every photo upload 400 (as Telegram does for a picture it cannot process).</summary>
    public bool RefusePhotos { get; set; }
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
        // The Bot API takes JSON, or multipart/form-data when a file is uploaded (sendPhoto with the picture's bytes).
        ReceivedPhoto? upload = null;
        JsonObject body;
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync();
            body = new JsonObject();
            foreach (var (key, value) in form)
            {
                body[key] = value.ToString();
            }
            // The file is the part named "photo", or the part "photo" names as attach://<part> (the Bot API's "Sending files").
            var part = form["photo"].ToString() is { } reference && reference.StartsWith("attach://", StringComparison.Ordinal) ? reference["attach://".Length..] : "photo";
            if (method == "sendPhoto" && form.Files.GetFile(part) is { } file)
            {
                using var bytes = new MemoryStream();
                await file.CopyToAsync(bytes);
                upload = new ReceivedPhoto(0, file.FileName, file.ContentType, bytes.ToArray(), body["caption"]?.GetValue<string>(), body["parse_mode"]?.GetValue<string>(), DateTimeOffset.UtcNow);
            }
        }
        else
        {
            body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        }
        if (body["chat_id"] is null)
        {
            return Error(400, "Bad Request: chat_id is empty", null);
        }
        var chat = body["chat_id"]!.GetValueKind() == JsonValueKind.String ? long.Parse(body["chat_id"]!.GetValue<string>(), CultureInfo.InvariantCulture) : body["chat_id"]!.GetValue<long>();
        if (method == "sendPhoto" && upload is not null && PhotoProblem(upload) is { } problem)
        {
            return Error(400, "Bad Request: " + problem, null);
        }
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
        if (upload is not null)
        {
            Photos.Enqueue(upload with { ChatId = chat, At = now });
        }
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

    /// <summary>Why Telegram would refuse the upload (its documented limits: at most 10 MB, width + height at most 10000, a side ratio at most 20; caption at most 1024 characters), or null.</summary>
    private string? PhotoProblem(ReceivedPhoto photo)
    {
        if (RefusePhotos)
        {
            return "IMAGE_PROCESS_FAILED";
        }
        if (photo.Caption is { Length: > 1024 })
        {
            return "message caption is too long";
        }
        if (photo.Bytes.Length is 0 or > 10 * 1024 * 1024)
        {
            return "file must be non-empty and at most 10 MB";
        }
        if (photo.Size is not var (width, height))
        {
            return "IMAGE_PROCESS_FAILED";
        }
        return width + height > 10_000 || Math.Max(width, height) > 20 * Math.Min(width, height) ? "PHOTO_INVALID_DIMENSIONS" : null;
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

/// <summary>A sendPhoto upload as the fake received it (multipart/form-data: chat_id, photo, caption, parse_mode).</summary>
public sealed record ReceivedPhoto(long ChatId, string FileName, string ContentType, byte[] Bytes, string? Caption, string? ParseMode, DateTimeOffset At)
{
    /// <summary>Width and height from a PNG's IHDR chunk, or null when it is not a PNG.</summary>
    public (int Width, int Height)? Size =>
        Bytes.Length >= 24 && Bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })
            ? (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(Bytes.AsSpan(16, 4)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(Bytes.AsSpan(20, 4)))
            : null;
}
