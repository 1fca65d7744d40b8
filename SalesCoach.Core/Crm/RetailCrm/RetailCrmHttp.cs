// Owns RetailCRM's two HTTP faces: API v5 and the MG Bot API.
using System.Text.Json;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.RetailCrm;

/// <summary>RetailCRM's two HTTP faces: API v5 (X-API-KEY, "success": true) and the MG Bot API (X-Bot-Token).</summary>
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
        if (json is not { } body || !body.TryGetProperty("success", out var success) || success.ValueKind != JsonValueKind.True)
        {
            throw new OutboundResponseException("retailcrm", $"{pathAndQuery.Split('?')[0]} did not answer \"success\": true.");
        }
        return body;
    }

    public Task<JsonElement?> GetMessagingAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        messaging.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(options.MgUrl!.TrimEnd('/') + "/"), pathAndQuery));
            request.Headers.Add("X-Bot-Token", options.MgToken);
            return request;
        }, cancellationToken);
}
