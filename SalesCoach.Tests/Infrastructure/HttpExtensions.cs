using System.Text.Json;

namespace SalesCoach.Tests.Infrastructure;

internal static class HttpExtensions
{
    /// <summary>The answer's JSON body; fails the test with the body when the status is not a success.</summary>
    public static async Task<JsonElement> ReadJsonAsync(this Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
