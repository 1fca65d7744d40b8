// Owns GREEN-API sendMessage: sending WhatsApp text messages through the shared resilience pipeline.
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Messaging;

/// <summary>
/// GREEN-API's sendMessage: POST {apiUrl}/waInstance{idInstance}/sendMessage/{apiTokenInstance} with
/// {"chatId": "77001234567@c.us", "message": "…"} → {"idMessage": "…"}, through the shared CRM HTTP
/// pipeline (retries on 429/5xx, breaker, timeout). The token is part of the URL, so URLs are never logged.
/// </summary>
public sealed partial class GreenApiClient(GreenApiSendOptions options, OutboundJsonHttp http)
{
    /// <summary>GREEN-API's limit on a text message.</summary>
    public const int MaxMessageLength = 20_000;

    public async Task<string> SendMessageAsync(string chatId, string message, CancellationToken cancellationToken)
    {
        if (!options.CanSend)
        {
            throw new InvalidOperationException("GREEN-API sending is not configured (GreenApi:ApiUrl, IdInstance, ApiTokenInstance).");
        }
        if (!ChatId().IsMatch(chatId))
        {
            throw new InputValidationException("chatId", $"'{chatId}' is not a WhatsApp chat id like 77001234567@c.us.");
        }
        if (string.IsNullOrWhiteSpace(message) || message.Length > MaxMessageLength)
        {
            throw new InputValidationException("message", $"The message must be 1–{MaxMessageLength} characters.");
        }
        var url = new Uri(new Uri(options.ApiUrl!.TrimEnd('/') + "/"), $"waInstance{options.IdInstance}/sendMessage/{options.ApiTokenInstance}");
        var answer = await http.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(new Dictionary<string, string> { ["chatId"] = chatId, ["message"] = message }),
        }, cancellationToken).ConfigureAwait(false);
        return answer is { } json && json.TryGetProperty("idMessage", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } messageId
            ? messageId
            : throw new OutboundResponseException("greenapi", "sendMessage did not return an idMessage.");
    }

    [GeneratedRegex(@"^[0-9]{5,20}@(c|g)\.us$")]
    private static partial Regex ChatId();
}
