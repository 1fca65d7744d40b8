// Owns the bot's test bed: the app on Azurite with the loopback Bot API, the demo team, linked users, and reading what the bot queued.
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SalesCoach.Core.Bot;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Bot;

/// <summary>
/// The demo team (m-ivan and m-anna read Russian, m-oleg Ukrainian, team "demo"), m-anna its team lead,
/// m-boss (team "hq") an admin, m-far (team "south") a manager of another team. Telegram users are the
/// manager's number: 1 ivan, 2 anna, 3 oleg, 9 boss, 7 far.
/// </summary>
internal sealed class BotTestBed : IAsyncDisposable
{
    public const long Ivan = 1, Anna = 2, Oleg = 3, Far = 7, Boss = 9, Stranger = 66;

    public static readonly IReadOnlyDictionary<long, string> ManagerOf = new Dictionary<long, string>
    {
        [Ivan] = "m-ivan", [Anna] = "m-anna", [Oleg] = "m-oleg", [Far] = "m-far", [Boss] = "m-boss",
    };

    private BotTestBed(TestApp app, FakeTelegramServer telegram)
    {
        App = app;
        Telegram = telegram;
    }

    public TestApp App { get; }
    public FakeTelegramServer Telegram { get; }

    public static async Task<BotTestBed> StartAsync(AzuriteFixture azurite, IDictionary<string, string?>? settings = null)
    {
        var telegram = await FakeTelegramServer.StartNewAsync();
        var all = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeTelegramServer.Token,
            ["Telegram:ApiBaseUrl"] = telegram.BaseAddress.ToString(),
            ["Bot:WebhookSecret"] = BotWire.Secret,
            ["Bot:TeamLeads"] = "m-anna",
            ["Bot:Admins"] = "m-boss",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var app = await TestApp.StartAsync(azurite, settings: all);
        (await app.Client.PostAsync(new Uri("/api/demo/seed", UriKind.Relative), null)).EnsureSuccessStatusCode();
        var managers = app.Get<ManagerRepository>();
        await managers.UpsertAsync(new Manager { Id = "m-boss", Name = "Boss", TimeZone = "Europe/Moscow", Team = "hq", Language = "en" }, default);
        await managers.UpsertAsync(new Manager { Id = "m-far", Name = "Far Away", TimeZone = "Europe/Moscow", Team = "south", Language = "en" }, default);
        return new BotTestBed(app, telegram);
    }

    public async Task<JsonElement> SendAsync(JsonObject update, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await BotWire.PostAsync(App.Client, update.ToJsonString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<string> OutcomeAsync(JsonObject update) => (await SendAsync(update)).GetProperty("outcome").GetString()!;

    /// <summary>Links Telegram user <paramref name="user"/> to their manager through a code from the HTTP endpoint.</summary>
    public async Task LinkAsync(long user)
    {
        var code = await IssueCodeAsync(ManagerOf[user]);
        Assert.Equal("linked", await OutcomeAsync(BotWire.Message(user, "/start " + code)));
    }

    public async Task<string> IssueCodeAsync(string managerId)
    {
        var response = await App.Client.PostAsync(new Uri($"/api/managers/{managerId}/telegram-link-code", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await App.JsonAsync(response)).GetProperty("code").GetString()!;
    }

    /// <summary>The bot's replies to one update, in order.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> RepliesAsync(long updateId) =>
        (await App.Get<OutboxRepository>().ListAsync(null, null, 10_000, default))
            .Where(m => m.Id.StartsWith($"bot-{updateId}-", StringComparison.Ordinal)).OrderBy(m => m.CreatedAt).ToList();

    /// <summary>Sends an update and returns its outcome and replies.</summary>
    public async Task<(string Outcome, IReadOnlyList<OutboxMessage> Replies)> ExchangeAsync(JsonObject update)
    {
        var outcome = await OutcomeAsync(update);
        return (outcome, await RepliesAsync(update["update_id"]!.GetValue<int>()));
    }

    /// <summary>(label, callback_data) of every button under a reply.</summary>
    public static IReadOnlyList<(string Text, string Data)> Buttons(OutboxMessage message) =>
        message.ReplyMarkup is null ? []
        : JsonNode.Parse(message.ReplyMarkup)!["inline_keyboard"]!.AsArray().SelectMany(r => r!.AsArray())
            .Select(b => (b!["text"]!.GetValue<string>(), b["callback_data"]!.GetValue<string>())).ToList();

    public static string Data(OutboxMessage message, string labelPart) =>
        Buttons(message).First(b => b.Text.Contains(labelPart, StringComparison.Ordinal)).Data;

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Telegram.DisposeAsync();
    }
}

/// <summary>A readable record of a conversation on the wire: what the user sent and every Bot API call the bot made.</summary>
internal sealed class Transcript(BotTestBed bed)
{
    private readonly List<string> lines = [];
    private int seenCalls;

    public IReadOnlyList<string> Lines => lines;

    public void User(long user, string text) => lines.Add($"USER {user}: {text}");

    public void Press(long user, OutboxMessage message, string data)
    {
        var label = BotTestBed.Buttons(message).First(b => b.Data == data).Text;
        lines.Add($"USER {user} presses [{label}]");
    }

    public void Note(string text) => lines.Add("   · " + text);

    /// <summary>Drains the outbox to the loopback Bot API and records the calls the bot made since the last time.</summary>
    public async Task DeliverAsync()
    {
        await bed.App.Get<SendOutbox>().RunAsync(default);
        var calls = bed.Telegram.Calls.ToList();
        foreach (var call in calls.Skip(seenCalls))
        {
            var text = call.Body["text"]?.GetValue<string>()?.Replace("\n", "\n      ", StringComparison.Ordinal);
            var buttons = call.Body["reply_markup"] is { } markup
                ? "\n      " + string.Join("\n      ", markup["inline_keyboard"]!.AsArray().Select(r => string.Join(" ", r!.AsArray().Select(b => $"[{b!["text"]!.GetValue<string>()}]"))))
                : "";
            lines.Add(call.Method switch
            {
                "sendMessage" => $"BOT sendMessage → chat {call.Body["chat_id"]}:\n      {text}{buttons}",
                "editMessageText" => $"BOT editMessageText (message {call.Body["message_id"]}):\n      {text}{buttons}",
                "answerCallbackQuery" => $"BOT answerCallbackQuery: {call.Body["text"]?.GetValue<string>() ?? "(no text)"}{(call.Body["show_alert"]?.GetValue<bool>() == true ? " (alert)" : "")}",
                _ => $"BOT {call.Method}",
            });
        }
        seenCalls = calls.Count;
    }

    public override string ToString() => string.Join("\n", lines);
}
