// Owns GREEN-API sendMessage and sendFileByUrl: sending WhatsApp texts and files through the shared resilience pipeline, and its quota error (466).
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Messaging;

/// <summary>
/// GREEN-API's sendMessage: POST {apiUrl}/waInstance{idInstance}/sendMessage/{apiTokenInstance} with
/// {"chatId": "79001234567@c.us", "message": "…"} → {"idMessage": "…"}, through the shared outbound
/// pipeline (429 and 5xx retried, breaker, timeout). 466 (the plan's quota is used up) is not retried:
/// it becomes <see cref="GreenApiQuotaExceededException"/>. The token is part of the URL, so URLs are never logged.
/// </summary>
public sealed partial class GreenApiClient(GreenApiSendOptions options, OutboundJsonHttp http)
{
    /// <summary>GREEN-API's limit on a text message.</summary>
    public const int MaxMessageLength = 20_000;

    /// <summary>GREEN-API's status for an exhausted quota (Developer plan: methods or correspondents per month).</summary>
    public const int QuotaExceededStatus = 466;

    public Task<string> SendMessageAsync(string chatId, string message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(message) || message.Length > MaxMessageLength)
        {
            throw new InputValidationException("message", $"The message must be 1–{MaxMessageLength} characters.");
        }
        return CallAsync("sendMessage", chatId, new Dictionary<string, string> { ["chatId"] = chatId, ["message"] = message }, cancellationToken);
    }

    /// <summary>
    /// sendFileByUrl: {"chatId", "urlFile", "fileName"[, "caption"]} → {"idMessage"}. GREEN-API downloads the
    /// file from <paramref name="url"/> itself (from its send queue, so the link must outlive the queue);
    /// the file name's extension tells WhatsApp the type.
    /// </summary>
    public Task<string> SendFileByUrlAsync(string chatId, Uri url, string fileName, string? caption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http"))
        {
            throw new InputValidationException("urlFile", "The file link must be an absolute http(s) URL.");
        }
        if (string.IsNullOrWhiteSpace(fileName) || fileName.Length > 255 || !Path.HasExtension(fileName))
        {
            throw new InputValidationException("fileName", "The file name must be 1–255 characters with an extension.");
        }
        if (caption is { Length: > MaxMessageLength })
        {
            throw new InputValidationException("caption", $"The caption must be at most {MaxMessageLength} characters.");
        }
        var body = new Dictionary<string, string> { ["chatId"] = chatId, ["urlFile"] = url.AbsoluteUri, ["fileName"] = fileName };
        if (!string.IsNullOrEmpty(caption))
        {
            body["caption"] = caption;
        }
        return CallAsync("sendFileByUrl", chatId, body, cancellationToken);
    }

    private async Task<string> CallAsync(string method, string chatId, Dictionary<string, string> body, CancellationToken cancellationToken)
    {
        if (!options.CanSend)
        {
            throw new InvalidOperationException("GREEN-API sending is not configured (GreenApi:ApiUrl, IdInstance, ApiTokenInstance).");
        }
        if (chatId is null || !ChatId().IsMatch(chatId))
        {
            throw new InputValidationException("chatId", $"'{chatId}' is not a WhatsApp chat id like 79001234567@c.us, 120363…@g.us or 79001234567-1581234048@g.us.");
        }
        var url = new Uri(new Uri(options.ApiUrl!.TrimEnd('/') + "/"), $"waInstance{options.IdInstance}/{method}/{options.ApiTokenInstance}");
        JsonElement? answer;
        try
        {
            answer = await http.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = JsonContent.Create(body),
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (OutboundHttpException e) when ((int)e.Status == QuotaExceededStatus)
        {
            // Only without GreenApiQuotaHandler in the HttpClient (which reads the details from the body).
            throw new GreenApiQuotaExceededException(null, null, null, null, null);
        }
        return answer is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("idMessage", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } messageId
            ? messageId
            : throw new OutboundResponseException("greenapi", $"{method} did not return an idMessage.");
    }

    [GeneratedRegex(@"^(?:[0-9]{5,20}@c\.us|[0-9]{5,20}(?:-[0-9]{9,12})?@g\.us)$")]
    private static partial Regex ChatId();
}

/// <summary>
/// GREEN-API answered 466: the instance's quota is used up (on the Developer plan, a monthly number of calls
/// of a method, or of correspondents). Waiting minutes does not help, so it is not retried; the fix is the
/// tariff in the GREEN-API console. <see cref="Description"/> is GREEN-API's text and may list phone numbers.
/// </summary>
public sealed class GreenApiQuotaExceededException(string? method, long? used, long? total, string? quotaStatus, string? description)
    : Exception($"GREEN-API refused the call with HTTP 466: the instance's quota is used up{Details(method, used, total, quotaStatus)}. "
        + "It is not retried; raise the tariff in the GREEN-API console (or wait for the next month).")
{
    /// <summary>The quota that ran out: "sendmessage", "checkwhatsapp", … or "correspondents".</summary>
    public string? Method { get; } = method;
    public long? Used { get; } = used;
    public long? Total { get; } = total;
    /// <summary>As sent, e.g. "QUOTE_EXCEEDED" or "CORRESPONDENTS_QUOTE_EXCEEDED".</summary>
    public string? QuotaStatus { get; } = quotaStatus;
    public string? Description { get; } = description;

    /// <summary>
    /// Reads the documented 466 body: {"invokeStatus": {method, used, total, status, description?},
    /// "correspondentsStatus"?: {…}}. The object whose status is not an "…ALLOWED" one is the quota that ran out.
    /// </summary>
    public static GreenApiQuotaExceededException FromBody(string? body)
    {
        try
        {
            using var document = JsonDocument.Parse(body ?? "");
            var root = document.RootElement;
            var correspondents = Quota(root, "correspondentsStatus");
            var invoke = Quota(root, "invokeStatus");
            var exceeded = correspondents is { } c && !IsAllowed(c) ? c
                : invoke is { } i && !IsAllowed(i) ? i
                : invoke ?? correspondents;
            return exceeded is { } quota
                ? new GreenApiQuotaExceededException(Text(quota, "method"), Number(quota, "used"), Number(quota, "total"), Text(quota, "status"), Text(quota, "description"))
                : new GreenApiQuotaExceededException(null, null, null, null, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return new GreenApiQuotaExceededException(null, null, null, null, null);
        }
    }

    private static JsonElement? Quota(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var quota) && quota.ValueKind == JsonValueKind.Object ? quota : null;

    private static bool IsAllowed(JsonElement quota) => Text(quota, "status") is { } status && status.EndsWith("ALLOWED", StringComparison.Ordinal);

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    private static string Details(string? method, long? used, long? total, string? status) =>
        method is null && status is null ? "" : $" ({method ?? "?"}: {used?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} of {total?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}, {status ?? "?"})";
}

/// <summary>
/// In GREEN-API's HttpClient: a 466 answer becomes <see cref="GreenApiQuotaExceededException"/> with the
/// body's details, inside the attempt, so the retry pipeline (which retries 429, 5xx and network errors
/// only) passes it straight to the caller and the circuit breaker does not count it.
/// </summary>
public sealed class GreenApiQuotaHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode != GreenApiClient.QuotaExceededStatus)
        {
            return response;
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw GreenApiQuotaExceededException.FromBody(body);
        }
    }
}
