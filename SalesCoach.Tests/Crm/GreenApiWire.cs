// Owns what the GREEN-API webhook tests share: the fixture files, body edits at a field path, and posting a delivery.
using System.Text;
using System.Text.Json.Nodes;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Crm;

internal static class GreenApiWire
{
    public const string Token = "loopback-webhook-token";
    public const string Instance = "1103945521";
    public const string Manager = "m-anna";
    /// <summary>The private chat of most fixtures (senderData.chatId 79161234567@c.us).</summary>
    public const string ClientChat = "wa-79161234567";

    public static Dictionary<string, string?> Settings => new()
    {
        ["GreenApi:WebhookToken"] = Token,
        [$"GreenApi:InstanceManagers:{Instance}"] = Manager,
    };

    public static string FixtureDirectory => Path.Combine(AppContext.BaseDirectory, "Crm", "Fixtures", "greenapi");

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(FixtureDirectory, name));

    public static JsonObject Node(string name) => JsonNode.Parse(Fixture(name))!.AsObject();

    /// <summary>The fixture with <paramref name="path"/> ("senderData.chatId") set to <paramref name="value"/>, or removed when null.</summary>
    public static JsonObject With(this JsonObject body, string path, JsonNode? value, bool remove = false)
    {
        var parts = path.Split('.');
        var parent = body;
        foreach (var part in parts[..^1])
        {
            parent = parent[part]!.AsObject();
        }
        if (remove)
        {
            parent.Remove(parts[^1]);
        }
        else
        {
            parent[parts[^1]] = value;
        }
        return body;
    }

    public static JsonObject Without(this JsonObject body, string path) => body.With(path, null, remove: true);

    /// <summary>The body as UTF-8 with the string at <paramref name="path"/> replaced by raw bytes (which may be invalid UTF-8 or a JSON escape).</summary>
    public static byte[] WithRawString(this JsonObject body, string path, byte[] raw)
    {
        const string Placeholder = "@@RAW@@";
        var bytes = Encoding.UTF8.GetBytes(body.With(path, Placeholder).ToJsonString());
        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Placeholder));
        return [.. bytes[..at], .. raw, .. bytes[(at + Placeholder.Length)..]];
    }

    public static Task<HttpResponseMessage> DeliverAsync(this TestApp app, string body, string? authorization = "Bearer " + Token) =>
        app.DeliverAsync(Encoding.UTF8.GetBytes(body), authorization);

    public static Task<HttpResponseMessage> DeliverAsync(this TestApp app, JsonObject body, string? authorization = "Bearer " + Token) =>
        app.DeliverAsync(body.ToJsonString(), authorization);

    /// <summary>POSTs the exact bytes; <paramref name="authorization"/> is sent as written (null: no header).</summary>
    public static async Task<HttpResponseMessage> DeliverAsync(this TestApp app, byte[] body, string? authorization = "Bearer " + Token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/greenapi") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (authorization is not null)
        {
            Assert.True(request.Headers.TryAddWithoutValidation("Authorization", authorization));
        }
        return await app.Client.SendAsync(request);
    }
}
