// Owns the outbox message model: kinds, statuses, attempts.
namespace SalesCoach.Core.Messaging;

public enum OutboxStatus
{
    /// <summary>Waiting to be sent (or, with no bot token configured, kept as the sink).</summary>
    Pending,
    /// <summary>Claimed by a sender, which recorded this before calling Telegram.</summary>
    Sending,
    Sent,
    /// <summary>Given up: Telegram refused for good (bot blocked, chat not found) or retries ran out.</summary>
    Failed,
    /// <summary>
    /// Its sender stopped between recording the attempt and recording the answer: it may or may not have
    /// reached the chat. Telegram has no idempotency key, so it is not sent again blindly; flagged for review.
    /// </summary>
    Uncertain,
}

public enum OutboxKind
{
    DealCard,
    ManagerSummary,
    StaleAlert,
    LeadRecommendation,
    ChatReport,
    /// <summary>A real-time intervention on a client's message.</summary>
    Intervention,
    /// <summary>A manager's daily plan (top priorities).</summary>
    DailyPlan,
    /// <summary>A warning or critical alert on an idle lead or deal.</summary>
    InactivityAlert,
    /// <summary>The weekly squad analysis for a team lead.</summary>
    SquadReport,
    /// <summary>An order the WhatsApp assistant took.</summary>
    AssistantOrder,
    /// <summary>A WhatsApp client handed to the manager, or their message while handed off.</summary>
    AssistantHandoff,
    /// <summary>The managers' bot answering a command or a button (may carry buttons, may edit the message it answers in place).</summary>
    BotReply,
}

/// <summary>One Telegram message waiting in, or delivered from, the outbox. Text is HTML, at most 4096 characters.</summary>
public sealed record OutboxMessage
{
    /// <summary>Deterministic per logical message, so queuing the same message twice stores it once.</summary>
    public required string Id { get; init; }
    public required string ManagerId { get; init; }
    public long? ChatId { get; init; }
    public required OutboxKind Kind { get; init; }
    public required string Text { get; init; }
    public required OutboxStatus Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset NextAttemptAt { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public string? LastError { get; init; }
    public string? RunId { get; init; }
    public string? DealId { get; init; }
    /// <summary>Telegram's id of the delivered message.</summary>
    public int? TelegramMessageId { get; init; }
    /// <summary>The sender that claimed it last.</summary>
    public string? SenderId { get; init; }
    /// <summary>
    /// A picture to send with sendPhoto instead of a text message: the PNG's name in the outbox photo
    /// container (<see cref="OutboxPhotos"/>). <see cref="Text"/> is then the text fallback, sent as an
    /// ordinary message when Telegram refuses the photo for good or its attempts run out.
    /// </summary>
    public string? PhotoBlob { get; init; }
    /// <summary>The photo's caption (HTML, at most 1024 characters).</summary>
    public string? PhotoCaption { get; init; }
    /// <summary>True when the photo failed and <see cref="Text"/> went out instead.</summary>
    public bool PhotoFellBack { get; init; }
    /// <summary>Buttons under the message: an InlineKeyboardMarkup in the Bot API's JSON; null for none.</summary>
    public string? ReplyMarkup { get; init; }
    /// <summary>When set, the message with this id in <see cref="ChatId"/> is edited in place (editMessageText) instead of a new one sent.</summary>
    public int? EditMessageId { get; init; }
}
