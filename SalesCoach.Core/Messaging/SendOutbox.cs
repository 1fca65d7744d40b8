// Owns draining due outbox messages to Telegram: chats in parallel, each in order at its own pace, the bot under its global rate.
using System.Collections.Concurrent;
using Azure;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Messaging;

public sealed record SendOutboxResult(bool SinkMode, int Sent, int Rescheduled, int Failed, int Uncertain = 0);

/// <summary>
/// Drains due outbox messages to Telegram within its limits: messages to different chats go out
/// concurrently; one chat's messages go in order, at least <see cref="TelegramOptions.PerChatInterval"/>
/// apart with <see cref="RateMargin"/> headroom (counted from Telegram's answer to the previous one); the whole bot stays under
/// <see cref="TelegramOptions.GlobalPerSecond"/> (a <see cref="RateGate"/>). A 429 pauses that chat
/// (its messages wait for retry_after, the others go on); 429s on several chats at once pause the bot.
/// With several instances, each chat belongs to one of them and each takes a share of the global rate
/// (<see cref="OutboxSenders"/>).
///
/// No duplicates: a sender records the attempt ("sending", under the row's ETag) before it calls
/// Telegram, and the answer (sent with Telegram's message id, or rescheduled, or failed) after. A message
/// still "sending" when its claim runs out may have reached the chat (its sender died or storage went
/// away in between); Telegram has no idempotency key, so it is marked "uncertain" and counted, not resent.
/// With no bot token nothing is sent and the outbox stays the sink.
/// </summary>
public sealed class SendOutbox : IDisposable
{
    /// <summary>Messages taken per run; the next run takes the rest.</summary>
    public const int BatchSize = 5000;

    /// <summary>Headroom under Telegram's limits, so that timing jitter does not cross them.</summary>
    public const double RateMargin = 0.95;

    /// <summary>429s on this many different chats within a second pause the whole bot.</summary>
    public const int ChatsLimitedForBotPause = 3;

    private readonly OutboxRepository outbox;
    private readonly OutboxSenders senders;
    private readonly TelegramSender telegram;
    private readonly TelegramOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<SendOutbox> logger;
    private readonly OutboxPhotos? photos;
    private readonly string senderId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private readonly ConcurrentDictionary<long, DateTimeOffset> chatReadyAt = new();
    private readonly ConcurrentQueue<(DateTimeOffset At, long ChatId)> recentLimits = new();
    private readonly Lock gateLock = new();
    private RateGate? gate;
    private int gateShare;

    public SendOutbox(OutboxRepository outbox, OutboxSenders senders, TelegramSender telegram, TelegramOptions options, TimeProvider time, ILogger<SendOutbox> logger, OutboxPhotos? photos = null)
    {
        this.photos = photos;
        this.outbox = outbox;
        this.senders = senders;
        this.telegram = telegram;
        this.options = options;
        this.time = time;
        this.logger = logger;
    }

    public async Task<SendOutboxResult> RunAsync(CancellationToken cancellationToken)
    {
        if (!telegram.IsConfigured)
        {
            return new SendOutboxResult(true, 0, 0, 0);
        }
        await RefreshMembershipAsync(cancellationToken).ConfigureAwait(false);
        using var heartbeats = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = HeartbeatAsync(heartbeats.Token);
        var counts = new Counts();
        try
        {
            await SendDueAsync(counts, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await heartbeats.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
        }
        var (index, count) = membership;
        if (counts.Sent + counts.Rescheduled + counts.Failed + counts.Uncertain > 0)
        {
            logger.LogInformation("Outbox: {Sent} sent, {Rescheduled} rescheduled, {Failed} failed, {Uncertain} uncertain (sender {Index} of {Count})",
                counts.Sent, counts.Rescheduled, counts.Failed, counts.Uncertain, index + 1, count);
        }
        return new SendOutboxResult(false, counts.Sent, counts.Rescheduled, counts.Failed, counts.Uncertain);
    }

    private async Task SendDueAsync(Counts counts, CancellationToken cancellationToken)
    {
        foreach (var (message, etag) in await outbox.ListDueAsync(time.GetUtcNow(), BatchSize, cancellationToken, OutboxStatus.Sending).ConfigureAwait(false))
        {
            // The claim ran out with no answer recorded: it may have been delivered. Flag it, do not resend.
            if (await outbox.TryUpdateAsync(message with { Status = OutboxStatus.Uncertain, LastError = "The sender stopped between calling Telegram and recording the answer; check the chat before sending it again." }, etag, cancellationToken).ConfigureAwait(false) is not null)
            {
                Interlocked.Increment(ref counts.Uncertain);
                logger.LogWarning("Outbox message {MessageId} to manager {ManagerId} is uncertain: claimed at attempt {Attempts}, never answered", message.Id, message.ManagerId, message.Attempts);
            }
        }

        var due = await outbox.ListDueAsync(time.GetUtcNow(), BatchSize, cancellationToken).ConfigureAwait(false);
        foreach (var (message, etag) in due.Where(d => d.Message.ChatId is null))
        {
            await outbox.TryUpdateAsync(message with { Status = OutboxStatus.Failed, LastError = "The manager has no Telegram chat id." }, etag, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref counts.Failed);
        }
        var chats = due.Where(d => d.Message.ChatId is { } chat && Mine(chat))
            .GroupBy(d => d.Message.ChatId!.Value)
            .ToList();
        await Parallel.ForEachAsync(chats, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken },
            async (chat, token) => await SendChatAsync(chat.Key, chat.ToList(), counts, token).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>This sender's place among the live ones, refreshed during a run so a sender that joins or leaves rebalances within seconds.</summary>
    private (int Index, int Count) membership = (0, 1);

    private bool Mine(long chatId)
    {
        var (index, count) = membership;
        return OutboxSenders.Owns(chatId, index, count);
    }

    private async Task RefreshMembershipAsync(CancellationToken cancellationToken)
    {
        var live = await senders.HeartbeatAsync(senderId, cancellationToken).ConfigureAwait(false);
        var next = (Math.Max(0, live.ToList().IndexOf(senderId)), Math.Max(1, live.Count));
        if (next != membership)
        {
            // Chats change hands: hold back one heartbeat, so the other senders see the change before this one
            // sends to a chat they may have just sent to, and the rates are shared before anyone speeds up.
            settledAt = time.GetUtcNow() + HeartbeatInterval;
            membership = next;
        }
    }

    private DateTimeOffset settledAt = DateTimeOffset.MinValue;

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(HeartbeatInterval, time, cancellationToken).ConfigureAwait(false);
                await RefreshMembershipAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or TimeoutException)
            {
                logger.LogWarning("Outbox sender heartbeat failed ({Error}); keeping the last membership", e.Message);
            }
        }
    }

    /// <summary>How often a running sender re-reads who else is sending.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    public void Dispose() => gate?.Dispose();

    /// <summary>One chat's due messages, oldest first; stops at the first one that must wait (order is kept).</summary>
    private async Task SendChatAsync(long chatId, List<(OutboxMessage Message, ETag ETag)> messages, Counts counts, CancellationToken cancellationToken)
    {
        foreach (var (message, etag) in messages)
        {
            if (!Mine(chatId))
            {
                return; // the chat moved to another sender that joined meanwhile
            }
            var ready = chatReadyAt.GetValueOrDefault(chatId);
            var wait = (ready > settledAt ? ready : settledAt) - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
            var rate = GateFor(membership.Count);
            await rate.WaitAsync(cancellationToken).ConfigureAwait(false);

            var claimed = message with
            {
                Status = OutboxStatus.Sending, Attempts = message.Attempts + 1, NextAttemptAt = time.GetUtcNow() + options.ClaimDuration, SenderId = senderId,
            };
            if (await outbox.TryUpdateAsync(claimed, etag, cancellationToken).ConfigureAwait(false) is not { } claimEtag)
            {
                continue; // another sender has it
            }

            var (result, fellBack) = message.PhotoBlob is null
                ? (await telegram.SendAsync(chatId, message.Text, cancellationToken, retryAfter => RateLimited(chatId, retryAfter, rate), message.ReplyMarkup, message.EditMessageId).ConfigureAwait(false), false)
                : await SendPhotoAsync(chatId, claimed, rate, cancellationToken).ConfigureAwait(false);
            if (fellBack)
            {
                claimed = claimed with { PhotoFellBack = true };
            }
            var now = time.GetUtcNow();
            // The same headroom as for the bot's rate: network jitter (or a clock correction) can bring two
            // messages sent exactly an interval apart closer together by the time Telegram counts them.
            chatReadyAt[chatId] = now + options.PerChatInterval / RateMargin;
            OutboxMessage outcome;
            var keepGoing = true;
            if (result.Sent)
            {
                outcome = claimed with { Status = OutboxStatus.Sent, SentAt = now, LastError = null, NextAttemptAt = now, TelegramMessageId = result.TelegramMessageId };
                Interlocked.Increment(ref counts.Sent);
                SalesCoachTelemetry.OutboxSent.Add(1, new KeyValuePair<string, object?>("kind", message.Kind.ToString()));
            }
            else if (result.Permanent || claimed.Attempts >= options.MaxAttempts)
            {
                outcome = claimed with { Status = OutboxStatus.Failed, LastError = result.Error, NextAttemptAt = now };
                Interlocked.Increment(ref counts.Failed);
                SalesCoachTelemetry.OutboxFailed.Add(1, new KeyValuePair<string, object?>("kind", message.Kind.ToString()));
                logger.LogWarning("Outbox message {MessageId} failed for good after {Attempts} attempts: {Error}", message.Id, claimed.Attempts, result.Error);
            }
            else
            {
                var retry = result.RetryAfter ?? TimeSpan.FromSeconds(Math.Pow(2, claimed.Attempts) * 5);
                outcome = claimed with { Status = OutboxStatus.Pending, LastError = result.Error, NextAttemptAt = now + retry };
                chatReadyAt[chatId] = now + retry;
                Interlocked.Increment(ref counts.Rescheduled);
                SalesCoachTelemetry.OutboxRescheduled.Add(1, new KeyValuePair<string, object?>("kind", message.Kind.ToString()));
                keepGoing = false; // the chat's later messages wait, so they stay in order
            }
            await RecordAsync(outcome, claimEtag, result.Sent, cancellationToken).ConfigureAwait(false);
            if (!keepGoing)
            {
                return;
            }
        }
    }

    /// <summary>
    /// A photo message: the picture with sendPhoto; when Telegram refuses it for good, this is its last
    /// attempt, or the picture is gone, its text fallback goes out as an ordinary message instead.
    /// </summary>
    private async Task<(SendResult Result, bool FellBack)> SendPhotoAsync(long chatId, OutboxMessage claimed, RateGate rate, CancellationToken cancellationToken)
    {
        var png = photos is null ? null : await photos.ReadAsync(claimed.PhotoBlob!, cancellationToken).ConfigureAwait(false);
        string reason;
        if (png is null)
        {
            reason = "the picture is gone";
        }
        else
        {
            var photo = await telegram.SendPhotoAsync(chatId, png, claimed.PhotoBlob!, claimed.PhotoCaption, cancellationToken, retryAfter => RateLimited(chatId, retryAfter, rate)).ConfigureAwait(false);
            if (photo.Sent || !(photo.Permanent || claimed.Attempts >= options.MaxAttempts))
            {
                return (photo, false);
            }
            reason = photo.Error ?? "refused";
        }
        logger.LogWarning("Outbox photo {MessageId} not sent ({Reason}); sending its text instead", claimed.Id, reason);
        return (await telegram.SendAsync(chatId, claimed.Text, cancellationToken, retryAfter => RateLimited(chatId, retryAfter, rate)).ConfigureAwait(false), true);
    }

    /// <summary>
    /// Writes the answer under the claim's ETag, retrying while storage is away (the claim keeps others off
    /// for <see cref="TelegramOptions.ClaimDuration"/>). If the row was marked uncertain meanwhile, a delivery still wins.
    /// </summary>
    private async Task RecordAsync(OutboxMessage outcome, ETag claimEtag, bool delivered, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        var giveUpAt = time.GetUtcNow() + options.ClaimDuration - TimeSpan.FromSeconds(5);
        while (true)
        {
            try
            {
                if (await outbox.TryUpdateAsync(outcome, claimEtag, cancellationToken).ConfigureAwait(false) is not null)
                {
                    return;
                }
                // Someone changed the row since the claim (a recovery marked it uncertain): a known delivery replaces that.
                if (delivered && await outbox.FindAsync(outcome.ManagerId, outcome.Id, cancellationToken).ConfigureAwait(false) is { Message.Status: OutboxStatus.Uncertain or OutboxStatus.Sending } current)
                {
                    claimEtag = current.ETag;
                    continue;
                }
                return;
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or TimeoutException && time.GetUtcNow() < giveUpAt)
            {
                logger.LogWarning("Outbox message {MessageId}: the answer could not be recorded yet ({Error}); retrying", outcome.Id, e.Message);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    /// <summary>A 429 pauses its chat; 429s on several chats within a second pause the bot.</summary>
    private void RateLimited(long chatId, TimeSpan? retryAfter, RateGate rate)
    {
        var now = time.GetUtcNow();
        var until = now + (retryAfter ?? TimeSpan.FromSeconds(1));
        chatReadyAt.AddOrUpdate(chatId, until, (_, current) => current > until ? current : until);
        recentLimits.Enqueue((now, chatId));
        while (recentLimits.TryPeek(out var oldest) && oldest.At < now - TimeSpan.FromSeconds(1))
        {
            recentLimits.TryDequeue(out _);
        }
        if (recentLimits.Select(l => l.ChatId).Distinct().Count() >= ChatsLimitedForBotPause)
        {
            rate.PauseUntil(until);
            logger.LogWarning("Telegram rate-limited {Chats} chats within a second: the bot pauses until {Until:u}", ChatsLimitedForBotPause, until);
        }
    }

    /// <summary>This instance's share of the global rate, rebuilt when the number of senders changes.</summary>
    private RateGate GateFor(int senderCount)
    {
        lock (gateLock)
        {
            if (gate is null || gateShare != senderCount)
            {
                // The old gate is not disposed: workers may still be waiting on it; it only paces them once more.
                gate = new RateGate(options.GlobalPerSecond * RateMargin / senderCount, time);
                gateShare = senderCount;
            }
            return gate;
        }
    }

    private sealed class Counts
    {
        public int Sent;
        public int Rescheduled;
        public int Failed;
        public int Uncertain;
    }
}
