// Owns one screen the bot draws: its HTML and its buttons, each button recorded server-side for the viewer.
using System.Text;
using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Types.ReplyMarkups;

namespace SalesCoach.Core.Bot;

/// <summary>A screen being drawn for one manager: text, and rows of buttons whose meaning is stored, not sent.</summary>
public sealed class BotScreen(string managerId, DateTimeOffset now)
{
    private readonly List<BotButton> buttons = [];
    private readonly List<List<InlineKeyboardButton>> rows = [];

    public StringBuilder Html { get; } = new();

    public IReadOnlyList<BotButton> Buttons => buttons;

    /// <summary>A recommendation just acted on: its card shows its new state even once it is no longer open.</summary>
    public string? ActedRecommendationId { get; init; }

    /// <summary>A button that shows <paramref name="screen"/> (navigation: may be pressed again).</summary>
    public InlineKeyboardButton Show(string label, string screen) => Button(label, BotActions.Show, null, null, screen, singleUse: false);

    public InlineKeyboardButton Button(string label, string action, string? target, string? state, string? argument, bool singleUse)
    {
        var button = new BotButton
        {
            Token = BotButtons.NewToken(), ManagerId = managerId, Action = action, Target = target, State = state, Argument = argument, SingleUse = singleUse, CreatedAt = now,
        };
        buttons.Add(button);
        return InlineKeyboardButton.WithCallbackData(label, button.CallbackData);
    }

    public BotScreen Row(params InlineKeyboardButton[] row)
    {
        if (row.Length > 0)
        {
            rows.Add([.. row]);
        }
        return this;
    }

    /// <summary>The keyboard as the Bot API's InlineKeyboardMarkup JSON, or null without buttons.</summary>
    public string? MarkupJson => rows.Count == 0 ? null : JsonSerializer.Serialize(new InlineKeyboardMarkup(rows), JsonBotAPI.Options);
}
