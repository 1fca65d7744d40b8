using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SalesCoach.Tests.Fakes;

/// <summary>A loopback GREEN-API: POST /waInstance{idInstance}/sendMessage/{apiTokenInstance} → {"idMessage"}, with scripted failures.</summary>
public sealed class FakeGreenApiServer : LoopbackServer
{
    public const string IdInstance = "1101000001";
    public const string Token = "green-api-token";
    private readonly ScriptedFailures script = new();

    public sealed record Sent(string ChatId, string Message, int Status);

    public ConcurrentQueue<Sent> Requests { get; } = new();

    public static async Task<FakeGreenApiServer> StartNewAsync()
    {
        var server = new FakeGreenApiServer();
        await server.StartAsync();
        return server;
    }

    /// <summary>The next requests answer these statuses first.</summary>
    public void Fail(int status, int times = 1) => script.Add(status, times);

    protected override void Map(WebApplication app) =>
        app.MapPost("/waInstance{id}/sendMessage/{token}", async (string id, string token, HttpContext context) =>
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            var chatId = body["chatId"]!.GetValue<string>();
            var message = body["message"]!.GetValue<string>();
            if (id != IdInstance || token != Token)
            {
                Requests.Enqueue(new Sent(chatId, message, 401));
                return Results.Json(new JsonObject { ["message"] = "Unauthorized" }, statusCode: 401);
            }
            if (script.TryTake(context, out var failure))
            {
                Requests.Enqueue(new Sent(chatId, message, failure));
                return Results.Json(new JsonObject { ["message"] = "failure" }, statusCode: failure);
            }
            Requests.Enqueue(new Sent(chatId, message, 200));
            return Results.Json(new JsonObject { ["idMessage"] = "BAE5" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant() });
        });
}
