// Owns amoCRM API v4 over HTTP: OAuth refresh, rate limit, paging.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.AmoCrm;

/// <summary>
/// amoCRM API v4 over HTTP: OAuth2 bearer tokens refreshed before expiry and on a 401 (the new pair
/// is persisted), 7 requests/s, paging by page/limit until a 204 or no "next" link, and the shared
/// Polly pipeline for 429/5xx.
/// </summary>
public sealed class AmoCrmClient(AmoCrmOptions options, OutboundJsonHttp http, AmoCrmTokenStore tokens, TimeProvider time)
{
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private OAuthTokens? current;

    private Uri Base => new(options.BaseUrl!.TrimEnd('/') + "/");

    /// <summary>The events list allows at most 100 per page (a larger limit quietly falls back to 50).</summary>
    public const int MaxEventsPageSize = 100;

    /// <summary>All items of a list endpoint ("api/v4/leads", embedded "leads"), page by page.</summary>
    public async IAsyncEnumerable<JsonElement> ListAsync(string path, string embedded, string? query, [EnumeratorCancellation] CancellationToken cancellationToken, int? pageSize = null)
    {
        var limit = Math.Min(pageSize ?? options.PageSize, options.PageSize);
        for (var page = 1; page <= 10_000; page++)
        {
            var url = OutboundJsonHttp.Invariant($"{path}?page={page}&limit={limit}{(string.IsNullOrEmpty(query) ? "" : "&" + query)}");
            var body = await GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (body is not { } json)
            {
                yield break; // 204: no (more) items
            }
            if (!json.TryGetProperty("_embedded", out var container) || !container.TryGetProperty(embedded, out var items) || items.ValueKind != JsonValueKind.Array)
            {
                throw new OutboundResponseException("amocrm", $"{path} page {page} has no _embedded.{embedded} array.");
            }
            foreach (var item in items.EnumerateArray())
            {
                yield return item;
            }
            var hasNext = json.TryGetProperty("_links", out var links) && links.TryGetProperty("next", out _);
            if (!hasNext || items.GetArrayLength() == 0)
            {
                yield break;
            }
        }
    }

    public async Task<JsonElement?> GetAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        var token = await AccessTokenAsync(forceRefresh: false, cancellationToken).ConfigureAwait(false);
        try
        {
            return await http.SendAsync(() => Request(pathAndQuery, token), cancellationToken).ConfigureAwait(false);
        }
        catch (OutboundHttpException e) when (e.Status == HttpStatusCode.Unauthorized)
        {
            // The token was revoked or expired early: refresh once and try again.
            token = await AccessTokenAsync(forceRefresh: true, cancellationToken).ConfigureAwait(false);
            return await http.SendAsync(() => Request(pathAndQuery, token), cancellationToken).ConfigureAwait(false);
        }
    }

    private HttpRequestMessage Request(string pathAndQuery, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Base, pathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private async Task<string> AccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        await refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            current ??= await tokens.GetAsync(cancellationToken).ConfigureAwait(false);
            if (current is null && !string.IsNullOrWhiteSpace(options.AccessToken))
            {
                // Bootstrap from settings; expiry unknown, so a 401 will trigger the first refresh.
                current = new OAuthTokens(options.AccessToken, options.RefreshToken ?? "", DateTimeOffset.MaxValue);
            }
            var stale = current is null || current.ExpiresAt <= time.GetUtcNow().AddMinutes(1);
            if (forceRefresh || stale)
            {
                current = await RefreshAsync(current?.RefreshToken is { Length: > 0 } stored ? stored : options.RefreshToken, cancellationToken).ConfigureAwait(false);
                await tokens.SaveAsync(current, cancellationToken).ConfigureAwait(false);
            }
            return current!.AccessToken;
        }
        finally
        {
            refreshing.Release();
        }
    }

    private async Task<OAuthTokens> RefreshAsync(string? refreshToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(refreshToken))
        {
            throw new OutboundHttpException("amocrm", HttpStatusCode.Unauthorized, "the access token was refused and no refresh token is configured (AmoCrm:RefreshToken).");
        }
        var answer = await http.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, new Uri(Base, "oauth2/access_token"))
        {
            Content = JsonContent.Create(new Dictionary<string, string?>
            {
                ["client_id"] = options.ClientId,
                ["client_secret"] = options.ClientSecret,
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
                ["redirect_uri"] = options.RedirectUri,
            }),
        }, cancellationToken).ConfigureAwait(false);
        if (answer is not { } json
            || !json.TryGetProperty("access_token", out var access) || access.GetString() is not { Length: > 0 } accessToken
            || !json.TryGetProperty("refresh_token", out var refresh) || refresh.GetString() is not { Length: > 0 } newRefresh
            || !json.TryGetProperty("expires_in", out var expires) || !expires.TryGetInt32(out var seconds) || seconds <= 0)
        {
            throw new OutboundResponseException("amocrm", "the token endpoint did not return access_token, refresh_token and expires_in.");
        }
        return new OAuthTokens(accessToken, newRefresh, time.GetUtcNow().AddSeconds(seconds));
    }
}
