// Owns receiving a GREEN-API notification: authenticate, then read and parse, then store, amend, count or ignore it.
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Chats;

namespace SalesCoach.Core.Crm.GreenApi;

/// <summary>
/// POST /api/webhooks/greenapi. The credential is checked before the body is read: an unauthenticated
/// request is a 401 whatever it carries (size, JSON, content). Then a message is stored in its chat
/// (idempotent: a redelivery writes the same row, and the chat keeps its earliest creation and newest
/// update, ChatRepository.MergeAsync); an edit or deletion amends the message it names; an unknown
/// typeWebhook is counted; known non-message notifications are ignored. All but bad input answer 200.
/// </summary>
public sealed class ReceiveGreenApiWebhook(
    ChatRepository chats, InboundMessages inbound, GreenApiAmendments amendments, GreenApiTypeCounter unknownTypes, GreenApiOptions options, TimeProvider time, ILogger<ReceiveGreenApiWebhook> logger,
    IEnumerable<IGreenApiMessageObserver> observers)
{
    /// <param name="authorization">The Authorization header as received (null or empty when absent).</param>
    /// <param name="readBody">Reads the body (and enforces its size limit); called only once the credential passed.</param>
    public async Task<GreenApiDelivery> RunAsync(string? authorization, Func<CancellationToken, Task<byte[]>> readBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readBody);
        Authenticate(authorization);
        var body = await readBody(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var delivery = GreenApiWebhook.Parse(body, options, now);
        switch (delivery)
        {
            case { Outcome: GreenApiOutcome.Message, Chat: { } chat, Message: { } message }:
                var stored = await StoreAsync(chat, message, cancellationToken).ConfigureAwait(false);
                if (message is { Direction: Deals.Direction.Inbound, IsSystem: false, Text: { Length: > 0 } text })
                {
                    await inbound.PublishAsync([new InboundClientMessage("greenapi", message.Id, stored.Id, stored.OrderId, stored.ManagerId, stored.ClientName, text, message.SentAt, now)], cancellationToken).ConfigureAwait(false);
                }
                foreach (var observer in observers)
                {
                    await observer.StoredAsync(delivery, cancellationToken).ConfigureAwait(false);
                }
                break;
            case { Outcome: GreenApiOutcome.Amendment, Amendment: { } amendment }:
                await AmendAsync(amendment, cancellationToken).ConfigureAwait(false);
                break;
            case { Outcome: GreenApiOutcome.Unknown }:
                var count = await unknownTypes.CountAsync(delivery.TypeWebhook, now, cancellationToken).ConfigureAwait(false);
                logger.LogWarning("GREEN-API sent typeWebhook {TypeWebhook}, which this version does not handle; acknowledged and counted ({Count} so far)", delivery.TypeWebhook, count);
                break;
        }
        return delivery;
    }

    /// <summary>
    /// "Authorization: Bearer &lt;webhookUrlToken&gt;". The scheme is case-insensitive (RFC 9110 §11.1) and
    /// followed by one or more spaces; the token is compared in constant time.
    /// </summary>
    private void Authenticate(string? authorization)
    {
        string? token = null;
        if (authorization is { } header && header.IndexOf(' ', StringComparison.Ordinal) is > 0 and var space
            && header.AsSpan(0, space).Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            token = header[space..].TrimStart(' ');
        }
        WebhookChecks.Require(options.WebhookToken, string.IsNullOrEmpty(token) ? null : token,
            "GreenApi:WebhookToken", "The Authorization header does not carry the GREEN-API webhook token (Bearer <webhookUrlToken>).");
    }

    /// <summary>
    /// Writes the message, then looks for an amendment of it: one recorded meanwhile (or before, when the
    /// edit overtook its message) is then applied. Both sides write before they read, so one of them sees the other.
    /// </summary>
    private async Task<Chat> StoreAsync(Chat chat, ChatMessage message, CancellationToken cancellationToken)
    {
        await chats.UpsertMessagesAsync([message], cancellationToken).ConfigureAwait(false);
        var merged = await chats.MergeAsync(chat, cancellationToken).ConfigureAwait(false);
        if (await amendments.FindAsync(message.ChatId, message.Id, cancellationToken).ConfigureAwait(false) is { } amendment && amendment.Text != message.Text)
        {
            await chats.UpsertMessagesAsync([message with { Text = amendment.Text }], cancellationToken).ConfigureAwait(false);
        }
        return merged;
    }

    private async Task AmendAsync(GreenApiAmendment amendment, CancellationToken cancellationToken)
    {
        var standing = await amendments.RecordAsync(amendment, cancellationToken).ConfigureAwait(false);
        // Chats offer no single-message read; an edit is rare and a chat's messages are one partition.
        var messages = await chats.ListMessagesAsync(amendment.ChatId, cancellationToken).ConfigureAwait(false);
        if (messages.FirstOrDefault(m => m.Id == amendment.MessageId) is { } original && original.Text != standing.Text)
        {
            await chats.UpsertMessagesAsync([original with { Text = standing.Text }], cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// Told about every message stored from a GREEN-API notification (after it is stored, before the 200),
/// so another capability can react to it (the WhatsApp assistant queues its answer). It must be quick and
/// idempotent: GREEN-API redelivers the same notification when the answer is not 200.
/// </summary>
public interface IGreenApiMessageObserver
{
    Task StoredAsync(GreenApiDelivery delivery, CancellationToken cancellationToken);
}
