// Owns what one update makes the bot say: outbox messages (new or edits in place), the buttons behind them, the callback answer.
using System.Globalization;
using SalesCoach.Core.Messaging;

namespace SalesCoach.Core.Bot;

/// <summary>Everything an update produces, written once it is handled: buttons first, then the outbox (ids "bot-{update}-{n}", so a re-handled update queues nothing twice).</summary>
public sealed class BotOutput(long updateId, DateTimeOffset now)
{
    private readonly List<OutboxMessage> messages = [];
    private readonly List<BotButton> buttons = [];

    public IReadOnlyList<OutboxMessage> Messages => messages;
    public IReadOnlyList<BotButton> Buttons => buttons;
    public (string QueryId, string? Text, bool Alert)? CallbackAnswer { get; private set; }

    public void Answer(string queryId, string? text, bool alert = false) => CallbackAnswer = (queryId, text, alert);

    public void Text(long chatId, string managerId, string html) => Add(chatId, managerId, html, null, null, now);

    /// <summary>A screen as a new message; a long one is split and its buttons go under the last part.</summary>
    public void Send(long chatId, string managerId, BotScreen screen, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(screen);
        buttons.AddRange(screen.Buttons);
        var parts = TelegramHtml.Split(screen.Html.ToString());
        for (var i = 0; i < parts.Count; i++)
        {
            Add(chatId, managerId, parts[i], i == parts.Count - 1 ? screen.MarkupJson : null, null, at ?? now);
        }
    }

    /// <summary>A screen replacing the message its button was on (editMessageText); an edit holds one message, so a longer screen is cut to the first.</summary>
    public void Edit(long chatId, int messageId, string managerId, BotScreen screen)
    {
        ArgumentNullException.ThrowIfNull(screen);
        buttons.AddRange(screen.Buttons);
        Add(chatId, managerId, TelegramHtml.Split(screen.Html.ToString())[0], screen.MarkupJson, messageId, now);
    }

    private void Add(long chatId, string managerId, string html, string? markup, int? editMessageId, DateTimeOffset at) => messages.Add(new OutboxMessage
    {
        Id = string.Create(CultureInfo.InvariantCulture, $"bot-{updateId}-{messages.Count + 1}"),
        ManagerId = managerId,
        ChatId = chatId,
        Kind = OutboxKind.BotReply,
        Text = html,
        Status = OutboxStatus.Pending,
        CreatedAt = now.AddTicks(messages.Count),
        NextAttemptAt = at,
        ReplyMarkup = markup,
        EditMessageId = editMessageId,
    });
}
