// Owns receiving a GREEN-API notification: authenticate, parse, store the chat and message.
using System.Text.Json;
using SalesCoach.Core.Chats;

namespace SalesCoach.Core.Crm.GreenApi;

/// <summary>
/// POST /api/webhooks/greenapi: authenticates the delivery (Bearer webhookUrlToken, compared in
/// constant time), parses it, and stores the chat and the message. Idempotent: a redelivery writes
/// the same message row, and the chat keeps its earliest creation and newest update (ChatRepository.MergeAsync).
/// </summary>
public sealed class ReceiveGreenApiWebhook(ChatRepository chats, GreenApiOptions options, TimeProvider time)
{
    public async Task<GreenApiDelivery> RunAsync(string? authorization, JsonElement body, CancellationToken cancellationToken)
    {
        Authenticate(authorization);
        var delivery = GreenApiWebhook.Parse(body, options, time.GetUtcNow());
        if (delivery is { Chat: { } chat, Message: { } message })
        {
            await chats.UpsertMessagesAsync([message], cancellationToken).ConfigureAwait(false);
            await chats.MergeAsync(chat, cancellationToken).ConfigureAwait(false);
        }
        return delivery;
    }

    private void Authenticate(string? authorization) =>
        WebhookChecks.Require(string.IsNullOrEmpty(options.WebhookToken) ? null : "Bearer " + options.WebhookToken, authorization,
            "GreenApi:WebhookToken", "The Authorization header does not carry the GREEN-API webhook token.");
}
