// Owns sending one outbox message with Telegram.Bot, and how each Bot API answer maps to an outcome.
using System.Net.Sockets;
using System.Text.Json;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using SalesCoach.Core.Platform;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace SalesCoach.Core.Messaging;

/// <summary>Outcome of one send, as the outbox needs it.</summary>
public sealed record SendResult(bool Sent, bool Permanent, TimeSpan? RetryAfter, string? Error, int? TelegramMessageId)
{
    public static SendResult Success(int messageId) => new(true, false, null, null, messageId);
}

/// <summary>
/// Sends HTML messages through Telegram.Bot, wrapped in a Polly pipeline: per-attempt timeout,
/// retries that honour 429 retry_after (and back off on 5xx/network errors), and a circuit breaker.
/// </summary>
public sealed class TelegramSender
{
    private readonly TelegramBotClient? client;
    private readonly ResiliencePipeline pipeline;

    public TelegramSender(TelegramOptions options, HttpClient httpClient, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.IsConfigured)
        {
            // Telegram.Bot's own 429 retry is off: Polly owns retries so every policy lives in one place.
            client = new TelegramBotClient(new TelegramBotClientOptions(options.BotToken!, options.ApiBaseUrl) { RetryCount = 0 }, httpClient);
        }
        pipeline = BuildPipeline(options, time);
    }

    public bool IsConfigured => client is not null;

    /// <param name="rateLimited">Told of every 429 Telegram answers (with its retry_after), including those retried in-line.</param>
    /// <param name="replyMarkup">Inline buttons as the Bot API's InlineKeyboardMarkup JSON, or null.</param>
    /// <param name="editMessageId">Edit this message of the chat in place (editMessageText) instead of sending a new one.</param>
    public Task<SendResult> SendAsync(long chatId, string html, CancellationToken cancellationToken, Action<TimeSpan?>? rateLimited = null,
        string? replyMarkup = null, int? editMessageId = null)
    {
        var bot = client ?? throw new InvalidOperationException("Telegram is not configured (Telegram:BotToken is empty); the outbox is the sink.");
        var markup = replyMarkup is null ? null : JsonSerializer.Deserialize<InlineKeyboardMarkup>(replyMarkup, JsonBotAPI.Options);
        return SendWithAsync(async token =>
        {
            if (editMessageId is { } editId)
            {
                try
                {
                    return await bot.EditMessageText(chatId, editId, html, ParseMode.Html, replyMarkup: markup, cancellationToken: token).ConfigureAwait(false);
                }
                catch (ApiRequestException e) when (e.ErrorCode == 400 && e.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase))
                {
                    // The message already shows this state (a repeated edit): nothing left to do.
                    return new Message { Id = editId };
                }
            }
            return await bot.SendMessage(chatId, html, ParseMode.Html, replyMarkup: markup, cancellationToken: token).ConfigureAwait(false);
        }, rateLimited, cancellationToken);
    }

    /// <summary>A PNG with sendPhoto (multipart/form-data upload) and an HTML caption, with the same retries and outcomes as a text.</summary>
    public Task<SendResult> SendPhotoAsync(long chatId, byte[] png, string fileName, string? captionHtml, CancellationToken cancellationToken, Action<TimeSpan?>? rateLimited = null)
    {
        ArgumentNullException.ThrowIfNull(png);
        var bot = client ?? throw new InvalidOperationException("Telegram is not configured (Telegram:BotToken is empty); the outbox is the sink.");
        // A new stream per attempt: a retry uploads the picture again from its start.
        return SendWithAsync(token => bot.SendPhoto(chatId, InputFile.FromStream(new MemoryStream(png, writable: false), fileName), captionHtml, ParseMode.Html, cancellationToken: token),
            rateLimited, cancellationToken);
    }

    private async Task<SendResult> SendWithAsync(Func<CancellationToken, Task<Telegram.Bot.Types.Message>> send, Action<TimeSpan?>? rateLimited, CancellationToken cancellationToken)
    {
        try
        {
            var message = await pipeline.ExecuteAsync(
                async token =>
                {
                    try
                    {
                        return await send(token).ConfigureAwait(false);
                    }
                    catch (ApiRequestException e) when (e.ErrorCode == 429)
                    {
                        rateLimited?.Invoke(RetryAfterOf(e));
                        throw;
                    }
                },
                cancellationToken).ConfigureAwait(false);
            return SendResult.Success(message.MessageId);
        }
        catch (ApiRequestException e) when (e.ErrorCode == 429)
        {
            return new SendResult(false, false, RetryAfterOf(e), $"429 Too Many Requests: {e.Message}", null);
        }
        catch (ApiRequestException e) when (e.ErrorCode is 400 or 401 or 403 or 404)
        {
            // Bot blocked by the user, chat not found, bad token or malformed message: retrying will not help.
            return new SendResult(false, true, null, $"{e.ErrorCode}: {e.Message}", null);
        }
        catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException or TimeoutRejectedException or BrokenCircuitException)
        {
            return new SendResult(false, false, (e as BrokenCircuitException)?.RetryAfter, $"{e.GetType().Name}: {e.Message}", null);
        }
    }

    /// <summary>
    /// answerCallbackQuery, called directly (not through the outbox): Telegram expects the answer within
    /// seconds, it is not a chat message (no per-chat pacing applies), and a lost answer only leaves the
    /// button's spinner running. True when Telegram took it; a query too old to answer is false, not an error.
    /// </summary>
    public async Task<bool> AnswerCallbackAsync(string callbackQueryId, string? text, bool showAlert, CancellationToken cancellationToken)
    {
        if (client is null)
        {
            return false;
        }
        try
        {
            await pipeline.ExecuteAsync(async token => await client.AnswerCallbackQuery(callbackQueryId, text, showAlert, cancellationToken: token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException or TimeoutRejectedException or BrokenCircuitException)
        {
            return false;
        }
    }

    /// <summary>The Bot API client and the same resilience pipeline, for the bot's own calls (setWebhook, setMyCommands, getUpdates).</summary>
    public async Task<T> CallAsync<T>(Func<TelegramBotClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (client is null)
        {
            throw new InvalidOperationException("Telegram is not configured (Telegram:BotToken is empty).");
        }
        return await pipeline.ExecuteAsync(async token => await call(client, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    internal static TimeSpan? RetryAfterOf(ApiRequestException exception) =>
        exception.Parameters?.RetryAfter is int seconds and >= 0 ? TimeSpan.FromSeconds(seconds) : null;

    private static bool IsTransient(Exception exception) => exception switch
    {
        ApiRequestException api => api.ErrorCode == 429 || api.ErrorCode >= 500,
        RequestException or HttpRequestException or TimeoutRejectedException or SocketException => true,
        _ => false,
    };

    private static ResiliencePipeline BuildPipeline(TelegramOptions options, TimeProvider time) =>
        OutboundPipeline.Build(new OutboundPolicy
        {
            MaxRetries = options.MaxRetries,
            RetryBaseDelay = options.RetryBaseDelay,
            AttemptTimeout = options.RequestTimeout,
            IsTransient = IsTransient,
            // A retry_after beyond the in-line limit is left to the outbox's reschedule.
            RateLimitWait = e => e is ApiRequestException { ErrorCode: 429 } limited ? RetryAfterOf(limited) ?? options.RetryBaseDelay : null,
            MaxRateLimitWait = options.MaxInlineRetryAfter,
        }, time);
}
