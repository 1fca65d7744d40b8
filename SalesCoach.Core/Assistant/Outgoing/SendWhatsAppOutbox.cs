// Owns draining the WhatsApp outbox to GREEN-API: texts with sendMessage, photos with sendFileByUrl, each attempt recorded first, 429/5xx/466 handled.
using System.Net;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Assistant.Photos;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Assistant.Outgoing;

public sealed record SendWhatsAppResult(bool SinkMode, int Sent, int Rescheduled, int Failed, int Uncertain);

/// <summary>
/// Sends due WhatsApp messages oldest first through <see cref="GreenApiClient"/> (the shared pipeline:
/// 429 and 5xx retried with backoff, rate-limited well under GREEN-API's 50 requests/s). A message is
/// claimed ("sending", under its ETag) before the call and settled after: sent (with GREEN-API's
/// idMessage), rescheduled (429/5xx/timeouts that outlasted the retries; the chat's later messages wait
/// until it is sent, so a chat keeps its order across runs), or failed (refused for good, or <see cref="MaxAttempts"/> used up). A 466
/// (quota used up) stops the run and reschedules in an hour: retrying sooner cannot help. A claim that
/// ran out while "sending" means its sender died mid-call: marked uncertain, never resent blindly.
/// Without GREEN-API settings the outbox is the sink (nothing sent).
/// </summary>
public sealed class SendWhatsAppOutbox(WhatsAppOutbox outbox, GreenApiClient greenApi, GreenApiSendOptions greenApiOptions, ProductPhotos photos,
    TimeProvider time, ILogger<SendWhatsAppOutbox> logger)
{
    public const int BatchSize = 200;
    public const int MaxAttempts = 8;
    public static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan QuotaPause = TimeSpan.FromHours(1);

    public async Task<SendWhatsAppResult> RunAsync(CancellationToken cancellationToken)
    {
        if (!greenApiOptions.CanSend)
        {
            return new SendWhatsAppResult(true, 0, 0, 0, 0);
        }
        int sent = 0, rescheduled = 0, failed = 0, uncertain = 0;
        var now = time.GetUtcNow();
        foreach (var (stale, etag) in await outbox.ListDueAsync(WhatsAppOutboxStatus.Sending, now, BatchSize, cancellationToken).ConfigureAwait(false))
        {
            if (await outbox.TryUpdateAsync(stale with { Status = WhatsAppOutboxStatus.Uncertain, LastError = "The sender stopped during the call; it may have been delivered." }, etag, cancellationToken).ConfigureAwait(false) is not null)
            {
                uncertain++;
            }
        }
        var blockedChats = new HashSet<string>(StringComparer.Ordinal);
        // Every pending message, due or not: a chat's message waits while an older one of that chat is waiting (its order holds across runs).
        foreach (var (message, etag) in await outbox.ListDueAsync(WhatsAppOutboxStatus.Pending, null, BatchSize, cancellationToken).ConfigureAwait(false))
        {
            if (blockedChats.Contains(message.ChatId))
            {
                continue;
            }
            if (message.NextAttemptAt > now)
            {
                blockedChats.Add(message.ChatId);
                continue;
            }
            var claimedAt = time.GetUtcNow();
            var claimed = message with { Status = WhatsAppOutboxStatus.Sending, Attempts = message.Attempts + 1, NextAttemptAt = claimedAt + ClaimDuration };
            if (await outbox.TryUpdateAsync(claimed, etag, cancellationToken).ConfigureAwait(false) is not { } claimTag)
            {
                continue; // another sender took it
            }
            WhatsAppOutgoing settled;
            var stop = false;
            try
            {
                var id = await SendAsync(claimed, cancellationToken).ConfigureAwait(false);
                settled = claimed with { Status = WhatsAppOutboxStatus.Sent, SentAt = time.GetUtcNow(), GreenApiMessageId = id, LastError = null };
                sent++;
            }
            catch (GreenApiQuotaExceededException e)
            {
                settled = claimed with { Status = WhatsAppOutboxStatus.Pending, Attempts = message.Attempts, NextAttemptAt = time.GetUtcNow() + QuotaPause, LastError = e.Message };
                rescheduled++;
                stop = true;
                logger.LogError("GREEN-API quota used up (466); WhatsApp sending paused for {Pause}", QuotaPause);
            }
            catch (Exception e) when (IsTransient(e))
            {
                var retryAfter = (e as OutboundHttpException)?.RetryAfter;
                if (claimed.Attempts >= MaxAttempts)
                {
                    settled = claimed with { Status = WhatsAppOutboxStatus.Failed, LastError = Describe(e) };
                    failed++;
                }
                else
                {
                    var backoff = retryAfter ?? TimeSpan.FromSeconds(Math.Min(3600, 10 * Math.Pow(2, claimed.Attempts - 1)));
                    settled = claimed with { Status = WhatsAppOutboxStatus.Pending, NextAttemptAt = time.GetUtcNow() + backoff, LastError = Describe(e) };
                    rescheduled++;
                }
                blockedChats.Add(message.ChatId);
            }
            catch (Exception e) when (e is OutboundHttpException or InputValidationException or OutboundResponseException or InvalidOperationException)
            {
                settled = claimed with { Status = WhatsAppOutboxStatus.Failed, LastError = Describe(e) };
                failed++;
                logger.LogWarning("WhatsApp message {Id} failed for good: {Error}", message.Id, Describe(e));
            }
            await outbox.TryUpdateAsync(settled, claimTag, cancellationToken).ConfigureAwait(false);
            if (stop)
            {
                break;
            }
        }
        return new SendWhatsAppResult(false, sent, rescheduled, failed, uncertain);
    }

    private async Task<string> SendAsync(WhatsAppOutgoing message, CancellationToken cancellationToken)
    {
        if (message.Kind == WhatsAppMessageKind.Text)
        {
            return await greenApi.SendMessageAsync(message.ChatId, message.Text ?? "", cancellationToken).ConfigureAwait(false);
        }
        var photo = await photos.LinkAsync(message.Blob ?? "", cancellationToken).ConfigureAwait(false)
            ?? throw new InputValidationException("blob", $"The photo '{message.Blob}' is no longer in the photos container.");
        return await greenApi.SendFileByUrlAsync(message.ChatId, photo.Url, photo.FileName, message.Text, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsTransient(Exception e) => e switch
    {
        OutboundHttpException http => http.Status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)http.Status >= 500,
        HttpRequestException or TaskCanceledException => true,
        _ => false,
    };

    private static string Describe(Exception e) => e is OutboundHttpException http ? $"HTTP {(int)http.Status}: {http.Message}" : e.Message;
}
