// Owns Telegram sending settings (bot token, Bot API address, rate limits, retries).
namespace SalesCoach.Core.Messaging;

/// <summary>Bound from the "Telegram" configuration section (env: Telegram__BotToken, …).</summary>
public sealed record TelegramOptions
{
    /// <summary>Bot token from @BotFather. Empty means "no bot": the outbox is the sink, read at GET /api/outbox.</summary>
    public string? BotToken { get; init; }
    /// <summary>Bot API server; tests point it at a loopback fake.</summary>
    public string ApiBaseUrl { get; init; } = "https://api.telegram.org";
    /// <summary>Telegram's guidance: at most one message per second to one chat.</summary>
    public TimeSpan PerChatInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Telegram's guidance: at most 30 messages per second overall.</summary>
    public int GlobalPerSecond { get; init; } = 30;
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Retries inside one send (429 honours retry_after; 5xx and network errors back off exponentially).</summary>
    public int MaxRetries { get; init; } = 3;
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>A retry_after longer than this is not waited out in-line; the message is rescheduled instead.</summary>
    public TimeSpan MaxInlineRetryAfter { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Send attempts (each with its retries) before a message is marked failed.</summary>
    public int MaxAttempts { get; init; } = 5;
    /// <summary>How long a claimed message is hidden from other senders while it is sent; an unanswered claim then becomes "uncertain".</summary>
    public TimeSpan ClaimDuration { get; init; } = TimeSpan.FromMinutes(2);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BotToken);
}
