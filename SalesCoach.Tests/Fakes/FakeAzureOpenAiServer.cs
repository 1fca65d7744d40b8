using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SalesCoach.Tests.Fakes;

/// <summary>
/// A loopback Azure OpenAI: POST /openai/deployments/{deployment}/chat/completions answers in the chat
/// completions wire format, with usage. Scripted answers (429 with Retry-After, 5xx, arbitrary content)
/// are served first, in order; after that every call gets <see cref="ValidAdvice"/>.
/// </summary>
public sealed class FakeAzureOpenAiServer : LoopbackServer
{
    public const string Key = "test-key-for-loopback-fake";
    public const string Deployment = "gpt-test";
    public const int PromptTokens = 900;
    public const int CompletionTokens = 300;

    private readonly ConcurrentQueue<(int Status, string? RetryAfter, string? Content)> script = new();

    public sealed record Call(string Deployment, string? ApiVersion, string? ApiKey, JsonObject Body, int Status);

    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>How long each answer takes, as a real deployment's latency does.</summary>
    public TimeSpan Latency { get; set; }

    public static string ValidAdvice { get; } = new JsonObject
    {
        ["situation_assessment"] = "Клиент заинтересован, но пауза затянулась.",
        ["strengths"] = new JsonArray("Хорошо выявлены потребности"),
        ["concerns"] = new JsonArray("Нет контакта несколько дней"),
        ["red_flags"] = new JsonArray("Нет следующего шага"),
        ["priority"] = "high",
        ["action_items"] = new JsonArray(new JsonObject
        {
            ["title"] = "Позвонить клиенту сегодня",
            ["urgency"] = "urgent",
            ["why"] = "Пауза при крупной сделке опасна",
            ["how"] = "Предложить демо на этой неделе",
        }),
        ["phrases"] = new JsonArray("«Подготовил для вас кейс похожей компании»"),
        ["action_plan"] = new JsonArray("Позвонить сегодня", "Отправить КП"),
        ["conversion_probability"] = 65,
    }.ToJsonString();

    public static async Task<FakeAzureOpenAiServer> StartNewAsync()
    {
        var server = new FakeAzureOpenAiServer();
        await server.StartAsync();
        return server;
    }

    public void Answer(string content, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            script.Enqueue((200, null, content));
        }
    }

    public void Fail(int status, string? retryAfter = null, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            script.Enqueue((status, retryAfter, null));
        }
    }

    protected override void Map(WebApplication app) =>
        app.MapPost("/openai/deployments/{deployment}/chat/completions", async (string deployment, HttpContext context) =>
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            var apiKey = context.Request.Headers["api-key"].FirstOrDefault();
            var apiVersion = context.Request.Query["api-version"].FirstOrDefault();
            if (apiKey != Key)
            {
                Calls.Enqueue(new Call(deployment, apiVersion, apiKey, body, 401));
                return Results.Json(Error("401", "Access denied due to invalid subscription key."), statusCode: 401);
            }

            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency);
            }
            var (status, retryAfter, content) = script.TryDequeue(out var scripted) ? scripted : (200, null, ValidAdvice);
            Calls.Enqueue(new Call(deployment, apiVersion, apiKey, body, status));
            if (status != 200)
            {
                if (retryAfter is not null)
                {
                    context.Response.Headers["Retry-After"] = retryAfter;
                }
                return Results.Json(Error(status.ToString(System.Globalization.CultureInfo.InvariantCulture), status == 429 ? "Rate limit is exceeded." : "The server had an error."), statusCode: status);
            }
            return Results.Json(new JsonObject
            {
                ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N"),
                ["object"] = "chat.completion",
                ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["model"] = "gpt-4o-mini",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject
                {
                    ["prompt_tokens"] = PromptTokens,
                    ["completion_tokens"] = CompletionTokens,
                    ["total_tokens"] = PromptTokens + CompletionTokens,
                },
            });
        });

    private static JsonObject Error(string code, string message) =>
        new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };
}
