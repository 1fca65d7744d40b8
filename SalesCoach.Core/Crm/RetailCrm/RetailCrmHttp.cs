// Owns RetailCRM's two HTTP faces: API v5 and the MG Bot API.
using System.Text.Json;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.RetailCrm;

/// <summary>
/// RetailCRM's two HTTP faces, both through the shared outbound pipeline (rate limit, retries of 429
/// and 5xx — RetailCRM answers 503 when it rate-limits —, breaker, timeout): API v5 (X-API-KEY; every
/// answer carries "success") and the MG Bot API (X-Bot-Token; lists are bare JSON arrays).
/// </summary>
public sealed class RetailCrmHttp(RetailCrmOptions options, OutboundJsonHttp api, OutboundJsonHttp messaging)
{
    public async Task<JsonElement> GetAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        var json = await api.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(options.BaseUrl!.TrimEnd('/') + "/"), pathAndQuery));
            request.Headers.Add("X-API-KEY", options.ApiKey);
            return request;
        }, cancellationToken).ConfigureAwait(false);
        if (json is not { ValueKind: JsonValueKind.Object } body || !body.TryGetProperty("success", out var success) || success.ValueKind != JsonValueKind.True)
        {
            throw new OutboundResponseException("retailcrm", $"{pathAndQuery.Split('?')[0]} did not answer \"success\": true.");
        }
        return body;
    }

    /// <summary>One page of an MG list (GET /api/bot/v1/chats, /messages): a bare JSON array, no wrapper; 204 reads as empty.</summary>
    public async Task<IReadOnlyList<JsonElement>> GetMessagingListAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        var json = await messaging.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(options.MgUrl!.TrimEnd('/') + "/"), pathAndQuery));
            request.Headers.Add("X-Bot-Token", options.MgToken);
            return request;
        }, cancellationToken).ConfigureAwait(false);
        return json switch
        {
            null => [],
            { ValueKind: JsonValueKind.Array } items => [.. items.EnumerateArray()],
            _ => throw new OutboundResponseException("retailcrm-mg", $"{pathAndQuery.Split('?')[0]} did not answer a JSON array."),
        };
    }
}
