// Owns draining due outbox messages to Telegram within the rate limits.
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Messaging;

public sealed record SendOutboxResult(bool SinkMode, int Sent, int Rescheduled, int Failed);

/// <summary>
/// Drains due outbox messages to Telegram within the rate limits. A message is claimed (ETag) before it
/// is sent, so two senders never send it twice; with no bot token configured nothing is sent and the
/// outbox stays the sink.
/// </summary>
public sealed class SendOutbox(
    OutboxRepository outbox,
    TelegramSender telegram,
    SendRateLimiter limiter,
    TelegramOptions options,
    TimeProvider time,
    ILogger<SendOutbox> logger)
{
    /// <summary>How long a claimed message is hidden from other senders while it is being sent.</summary>
    public static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(2);

    public const int BatchSize = 200;

    public async Task<SendOutboxResult> RunAsync(CancellationToken cancellationToken)
    {
        if (!telegram.IsConfigured)
        {
            return new SendOutboxResult(true, 0, 0, 0);
        }

        int sent = 0, rescheduled = 0, failed = 0;
        foreach (var (message, etag) in await outbox.ListDueAsync(time.GetUtcNow(), BatchSize, cancellationToken).ConfigureAwait(false))
        {
            if (message.ChatId is not { } chatId)
            {
                await outbox.TryUpdateAsync(message with { Status = OutboxStatus.Failed, LastError = "The manager has no Telegram chat id." }, etag, cancellationToken).ConfigureAwait(false);
                failed++;
                continue;
            }

            var claimed = message with { Attempts = message.Attempts + 1, NextAttemptAt = time.GetUtcNow() + ClaimDuration };
            if (await outbox.TryUpdateAsync(claimed, etag, cancellationToken).ConfigureAwait(false) is not { } claimEtag)
            {
                continue; // another sender has it
            }

            await Task.Delay(limiter.Reserve(chatId), time, cancellationToken).ConfigureAwait(false);
            var result = await telegram.SendAsync(chatId, message.Text, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            OutboxMessage outcome;
            if (result.Sent)
            {
                outcome = claimed with { Status = OutboxStatus.Sent, SentAt = now, LastError = null, NextAttemptAt = now };
                sent++;
            }
            else if (result.Permanent || claimed.Attempts >= options.MaxAttempts)
            {
                outcome = claimed with { Status = OutboxStatus.Failed, LastError = result.Error, NextAttemptAt = now };
                failed++;
                logger.LogWarning("Outbox message {MessageId} failed for good after {Attempts} attempts: {Error}", message.Id, claimed.Attempts, result.Error);
            }
            else
            {
                var wait = result.RetryAfter ?? TimeSpan.FromSeconds(Math.Pow(2, claimed.Attempts) * 5);
                outcome = claimed with { LastError = result.Error, NextAttemptAt = now + wait };
                rescheduled++;
            }
            await outbox.TryUpdateAsync(outcome, claimEtag, cancellationToken).ConfigureAwait(false);
        }

        if (sent + rescheduled + failed > 0)
        {
            logger.LogInformation("Outbox: {Sent} sent, {Rescheduled} rescheduled, {Failed} failed", sent, rescheduled, failed);
        }
        return new SendOutboxResult(false, sent, rescheduled, failed);
    }
}
