using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SalesCoach.Functions.Hosting;
using SalesCoach.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SalesCoach.Tests.Hosting;

/// <summary>
/// Every HTTP route of functions.metadata, thousands of generated requests: malformed and hostile bodies
/// (invalid UTF-8, lone surrogates, wrong types, deep nesting, huge numbers), odd path values, odd Accept
/// headers. No answer may be a 5xx; every 4xx is problem+json and names no .NET type.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FuzzTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int RequestsPerRoute = 100;

    // No "%00": Kestrel refuses a NUL in the path with its own plain 400 before any application code runs.
    private static readonly string[] PathValues =
    [
        "1001", "m-ivan", "0", "-1", "a%2Fb", "%01", "%F0%9F%92%A9", "%ED%A0%80", "%FF", new string('9', 70), "x%3Fy", "..", "v1", "%20",
    ];

    private static readonly string[] Strings =
    [
        "", "a", "контакт", "\\ud800", "\\udfff", "\\ud83d", "x\\u0000y", "\\\\", "\\\"", new string('z', 5000), "2026-13-45T99:99:99Z", "NaN", "1e400", "<script>", "%s%s%s",
    ];

    [Fact]
    public async Task No_generated_request_to_any_route_is_a_5xx_and_every_refusal_is_problem_json()
    {
        await using var app = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["AmoCrm:WebhookSecret"] = "fuzz-secret",
            ["GreenApi:WebhookToken"] = "fuzz-token",
        });
        var index = app.Get<FunctionIndex>();
        var random = new Random(20261202);
        var total = 0;
        var statuses = new Dictionary<int, int>();
        var failures = new List<string>();
        foreach (var function in index.OfKind(TriggerKind.Http))
        {
            for (var i = 0; i < RequestsPerRoute; i++)
            {
                var path = "/api/" + System.Text.RegularExpressions.Regex.Replace(function.Route!, @"\{[^}]+\}", _ => PathValues[random.Next(PathValues.Length)]);
                var query = random.Next(3) switch
                {
                    0 => "",
                    1 => "?secret=fuzz-secret&notify=" + Pick(random, ["true", "maybe", "%ED%A0%80"]) + "&limit=" + Pick(random, ["5", "-1", "x", "99999999999"]),
                    _ => "?" + Pick(random, ["days_threshold", "interval_hours", "page_size", "continuation", "stage", "from", "to", "format", "team", "amount", "force"]) + "=" + Pick(random, ["1", "abc", "%FF", "%ED%A0%80", "1e9", "2026-11-01"]),
                };
                using var request = new HttpRequestMessage(new HttpMethod(function.Methods[random.Next(function.Methods.Count)]), path + query);
                request.Content = Body(random);
                if (random.Next(4) == 0)
                {
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(Pick(random, ["text/html", "application/xml", "image/png"])));
                }
                if (random.Next(3) == 0)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", Pick(random, ["Bearer fuzz-token", "bearer fuzz-token", "Basic abc", ""]));
                }
                using var response = await app.Client.SendAsync(request);
                total++;
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                var text = await response.Content.ReadAsStringAsync();
                if (status >= 500)
                {
                    failures.Add($"{request.Method} {path}{query} → {status}: {text[..Math.Min(200, text.Length)]}");
                }
                else if (status >= 400)
                {
                    if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        failures.Add($"{request.Method} {path}{query} → {status} as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}");
                    }
                    else if (text.Contains("SalesCoach.", StringComparison.Ordinal) || text.Contains("System.", StringComparison.Ordinal))
                    {
                        failures.Add($"{request.Method} {path}{query} → {status} names a .NET type: {text[..Math.Min(200, text.Length)]}");
                    }
                    else
                    {
                        using var problem = JsonDocument.Parse(text);
                        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
                    }
                }
            }
        }
        output.WriteLine($"{total} requests: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(total >= 3000, $"only {total} requests");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static HttpContent? Body(Random random)
    {
        switch (random.Next(9))
        {
            case 0:
                return null;
            case 1:
                // Raw bytes that are not UTF-8.
                var bytes = new byte[random.Next(1, 64)];
                random.NextBytes(bytes);
                return new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            case 2:
                // JSON whose strings hold invalid UTF-8 bytes.
                return new ByteArrayContent([.. "{\"source\":\""u8.ToArray(), 0xC3, 0x28, .. "\",\"typeWebhook\":\"\xff\"}"u8.ToArray()]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            case 3:
                return Form(random);
            case 4:
                return new StringContent(new string('[', random.Next(1, 200)), Encoding.UTF8, "application/json");
            default:
                return new StringContent(JsonValue(random, 0), Encoding.UTF8, random.Next(5) == 0 ? "text/plain" : "application/json");
        }
    }

    private static StringContent Form(Random random)
    {
        var keys = new[] { "leads[status][0][id]", "leads[add][0][name]", "leads[note][0][note][text]", "contacts[add][0][id]", "account[id]", "x", "%ED%A0%80" };
        var pairs = Enumerable.Range(0, random.Next(1, 6)).Select(_ => Pick(random, keys) + "=" + Pick(random, ["1", "%FF", "%ED%A0%80", "abc", "", "%"]));
        return new StringContent(string.Join("&", pairs), Encoding.UTF8, "application/x-www-form-urlencoded");
    }

    private static string JsonValue(Random random, int depth) => (depth > 4 ? random.Next(4) : random.Next(7)) switch
    {
        0 => $"\"{Pick(random, Strings)}\"",
        1 => Pick(random, ["0", "-5", "1.5", "1e400", "99999999999999999999", "true", "false", "null"]),
        2 => "[]",
        3 => "{}",
        4 => "[" + string.Join(",", Enumerable.Range(0, random.Next(1, 4)).Select(_ => JsonValue(random, depth + 1))) + "]",
        _ => "{" + string.Join(",", Enumerable.Range(0, random.Next(1, 6)).Select(_ =>
            $"\"{Pick(random, ["source", "stage", "contact", "name", "phone", "email", "increment", "budget", "typeWebhook", "idMessage", "senderData", "chatId", "owner_manager_id", "business_domain", "\\ud800", "changed_by"])}\":{JsonValue(random, depth + 1)}")) + "}",
    };
}
