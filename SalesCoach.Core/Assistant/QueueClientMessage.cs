// Owns handing WhatsApp messages from the GREEN-API intake to the assistant's queue: only clients' private messages to the assistant's own number.
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Crm.GreenApi;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Assistant;

/// <summary>The queue message for one client message ("{prefix}-assistant-incoming").</summary>
public sealed record AssistantQueueMessage(string Phone, string MessageId, string? Text, DateTimeOffset At);

/// <summary>
/// Sees every message the GREEN-API webhook stored and queues those the assistant answers: incoming
/// (incomingMessageReceived), in a private chat, to the instance the assistant sends from
/// (GreenApi:IdInstance), with Assistant:Enabled on. Everything else passes untouched: the intake stores
/// and acknowledges it as before. The queue decouples the answer (knowledge base, stock, LLM) from the
/// webhook's 200; the queue trigger retries a failed answer and handling is idempotent per message id.
/// Text longer than <see cref="MaxTextLength"/> is cut: the assistant needs the question, not a novel.
/// </summary>
public sealed class QueueClientMessage(StorageAccount storage, AssistantOptions options, GreenApiSendOptions sender, ILogger<QueueClientMessage> logger) : IGreenApiMessageObserver
{
    public const string QueueName = "assistant-incoming";
    public const int MaxTextLength = 4000;
    private static readonly HashSet<string> TextTypes = ["textMessage", "extendedTextMessage", "quotedMessage"];

    public async Task StoredAsync(GreenApiDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (!options.Enabled || delivery is not { TypeWebhook: "incomingMessageReceived", Chat.ClientPhone: { } phone, Message: { Direction: Direction.Inbound } message }
            || delivery.IdInstance != sender.IdInstance)
        {
            return;
        }
        var text = TextTypes.Contains(delivery.TypeMessage ?? "") ? message.Text : null;
        if (text is { Length: > MaxTextLength })
        {
            text = text[..MaxTextLength];
        }
        var queue = await storage.QueueAsync(QueueName).ConfigureAwait(false);
        await queue.SendMessageAsync(Json.Serialize(new AssistantQueueMessage(phone, message.Id, text, message.SentAt)), cancellationToken).ConfigureAwait(false);
        logger.LogDebug("Queued WhatsApp message {MessageId} for the assistant", message.Id);
    }
}
