// Owns the hand-off of inbound client messages from ingestion to whoever reacts to them in real time.
using Microsoft.Extensions.Logging;

namespace SalesCoach.Core.Crm;

/// <summary>
/// A client's message as ingestion saw it: from a chat (GREEN-API, RetailCRM MG) or a deal note (amoCRM).
/// <paramref name="ReceivedAt"/> is when SalesCoach got it (a webhook's arrival), when known.
/// </summary>
public sealed record InboundClientMessage(
    string Source, string MessageId, string? ChatId, string? DealId, string? ManagerId, string? ClientName, string Text, DateTimeOffset SentAt, DateTimeOffset? ReceivedAt);

/// <summary>Reacts to inbound client messages as they are stored (the agent's real-time interventions).</summary>
public interface IInboundMessageObserver
{
    Task OnInboundAsync(InboundClientMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// Passes stored inbound messages to every observer. Ingestion never fails because of an observer: the
/// message is stored already, and an observer records its own failures; this logs what escapes.
/// </summary>
public sealed class InboundMessages(IEnumerable<IInboundMessageObserver> observers, ILogger<InboundMessages> logger)
{
    private readonly IReadOnlyList<IInboundMessageObserver> observers = [.. observers];

    public async Task PublishAsync(IEnumerable<InboundClientMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (observers.Count == 0)
        {
            return;
        }
        foreach (var message in messages)
        {
            foreach (var observer in observers)
            {
                try
                {
                    await observer.OnInboundAsync(message, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "{Observer} failed on inbound message {MessageId} from {Source}", observer.GetType().Name, message.MessageId, message.Source);
                }
            }
        }
    }
}
