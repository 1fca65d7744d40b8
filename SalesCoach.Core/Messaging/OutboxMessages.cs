// Owns turning formatted HTML into one or more pending outbox messages with deterministic ids.
using System.Globalization;
using SalesCoach.Core.Managers;

namespace SalesCoach.Core.Messaging;

public static class OutboxMessages
{
    /// <summary>Splits HTML into Telegram-sized parts and wraps each as a pending outbox message "{idPrefix}-p{n}".</summary>
    public static IEnumerable<OutboxMessage> FromHtml(
        Manager manager, OutboxKind kind, string html, string idPrefix, DateTimeOffset createdAt, string? runId, string? dealId)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var parts = TelegramHtml.Split(html);
        for (var i = 0; i < parts.Count; i++)
        {
            yield return new OutboxMessage
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"{idPrefix}-p{i + 1}"),
                ManagerId = manager.Id,
                ChatId = manager.TelegramChatId,
                Kind = kind,
                Text = parts[i],
                Status = OutboxStatus.Pending,
                // Parts of one message keep their order: the sender sends oldest first.
                CreatedAt = createdAt.AddTicks(i),
                NextAttemptAt = createdAt,
                RunId = runId,
                DealId = dealId,
            };
        }
    }

    /// <summary>
    /// A photo message "{idPrefix}-chart" that goes out just before the text messages made with the same
    /// <paramref name="idPrefix"/> and <paramref name="createdAt"/> (the sender sends a chat's oldest first).
    /// <paramref name="fallbackHtml"/> is sent instead when the photo fails.
    /// </summary>
    public static OutboxMessage Photo(
        Manager manager, OutboxKind kind, string photoBlob, string captionHtml, string fallbackHtml, string idPrefix, DateTimeOffset createdAt, string? runId)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentException.ThrowIfNullOrEmpty(photoBlob);
        return new OutboxMessage
        {
            Id = idPrefix + "-chart",
            ManagerId = manager.Id,
            ChatId = manager.TelegramChatId,
            Kind = kind,
            Text = TelegramHtml.Split(fallbackHtml)[0],
            PhotoBlob = photoBlob,
            PhotoCaption = captionHtml.Length <= MaxCaptionLength ? captionHtml : TelegramHtml.Split(captionHtml, MaxCaptionLength)[0],
            Status = OutboxStatus.Pending,
            CreatedAt = createdAt.AddTicks(-1),
            NextAttemptAt = createdAt,
            RunId = runId,
        };
    }

    /// <summary>Telegram's limit for a photo caption.</summary>
    public const int MaxCaptionLength = 1024;
}
