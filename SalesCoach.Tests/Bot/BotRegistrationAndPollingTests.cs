// Owns the tests of registering the bot (setWebhook, setMyCommands) and of long polling into the same handler.
using System.Net;
using System.Net.Http.Json;
using SalesCoach.Core.Agent;
using SalesCoach.Core.Bot;
using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Bot;

[Collection(AzuriteCollection.Name)]
public sealed class BotRegistrationAndPollingTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BotTestBed bed = null!;

    public async Task InitializeAsync() => bed = await BotTestBed.StartAsync(azurite, new Dictionary<string, string?>
    {
        ["Bot:WebhookUrl"] = "https://salescoach.example/api/telegram/webhook",
        ["Bot:PollingTimeoutSeconds"] = "1",
    });

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task Register_sets_the_webhook_with_its_secret_and_update_kinds_and_the_commands_per_language()
    {
        var response = await bed.App.Client.PostAsync(new Uri("/api/telegram/register", UriKind.Relative), null);
        var body = await bed.App.JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://salescoach.example/api/telegram/webhook", body.GetProperty("webhook_url").GetString());
        var webhook = Assert.Single(bed.Telegram.CallsOf("setWebhook"));
        Assert.Equal(BotWire.Secret, webhook.Body["secret_token"]!.GetValue<string>());
        Assert.Equal(["message", "callback_query"], webhook.Body["allowed_updates"]!.AsArray().Select(u => u!.GetValue<string>()));
        var commands = bed.Telegram.CallsOf("setMyCommands").ToList();
        Assert.Equal(["ru", "uk", "en", null], commands.Select(c => c.Body["language_code"]?.GetValue<string>()));
        string Description(int list, string command) => commands[list].Body["commands"]!.AsArray().Single(c => c!["command"]!.GetValue<string>() == command)!["description"]!.GetValue<string>();
        Assert.Equal(("Лиды", "Ліди", "Leads", "Leads"), (Description(0, "leads"), Description(1, "leads"), Description(2, "leads"), Description(3, "leads")));
        Assert.All(commands, c => Assert.Contains(c.Body["commands"]!.AsArray(), x => x!["command"]!.GetValue<string>() == "leads"));
    }

    [Theory]
    [InlineData("{\"url\":\"http://salescoach.example/api/telegram/webhook\"}", HttpStatusCode.BadRequest, "url")]
    [InlineData("{\"url\":\"not a url\"}", HttpStatusCode.BadRequest, "url")]
    [InlineData("{\"url\":5}", HttpStatusCode.BadRequest, "$.url")]
    [InlineData("[]", HttpStatusCode.BadRequest, "$")]
    public async Task Register_refuses_a_bad_address(string body, HttpStatusCode status, string field)
    {
        var response = await bed.App.Client.PostAsync(new Uri("/api/telegram/register", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(field, (await bed.App.JsonAsync(response)).GetProperty("field").GetString());
        Assert.Empty(bed.Telegram.CallsOf("setWebhook"));
    }

    [Fact]
    public async Task Register_without_a_secret_is_refused_before_calling_Telegram()
    {
        await using var bare = await BotTestBed.StartAsync(azurite, new Dictionary<string, string?> { ["Bot:WebhookSecret"] = "" });
        var response = await bare.App.Client.PostAsJsonAsync(new Uri("/api/telegram/register", UriKind.Relative), new { url = "https://x.example/api/telegram/webhook" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Bot:WebhookSecret", (await bare.App.JsonAsync(response)).GetProperty("field").GetString());
        Assert.Empty(bare.Telegram.Calls);
    }

    [Fact]
    public async Task Long_polling_feeds_the_same_handler_once_and_moves_the_offset()
    {
        var code = await bed.IssueCodeAsync("m-ivan");
        var link = BotWire.Message(BotTestBed.Ivan, "/start " + code);
        var leads = BotWire.Message(BotTestBed.Ivan, "/leads");
        bed.Telegram.QueueUpdate(link);
        var blocked = BotWire.MyChatMember(BotTestBed.Oleg);
        bed.Telegram.QueueUpdate(blocked);
        bed.Telegram.QueueUpdate(leads);
        var poll = bed.App.Get<PollTelegramUpdates>();

        Assert.Equal(3, await poll.RunOnceAsync(default));
        Assert.Equal(0, await poll.RunOnceAsync(default)); // the offset confirmed them: nothing again after the long-poll wait

        Assert.Equal("m-ivan", (await bed.App.Get<BotLinks>().FindAsync(BotTestBed.Ivan, default))!.ManagerId);
        Assert.Single(await bed.RepliesAsync(leads["update_id"]!.GetValue<int>()));
        var offsets = bed.Telegram.CallsOf("getUpdates").Select(c => c.Body["offset"] is { } o ? long.Parse(o.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : (long?)null).ToList();
        Assert.Equal([null, blocked["update_id"]!.GetValue<int>() + 1L], offsets);
        // The same update through the webhook afterwards is a redelivery.
        Assert.Equal("duplicate", await bed.OutcomeAsync(leads));
    }

    [Fact]
    public async Task Polling_while_a_webhook_is_set_is_refused_by_Telegram()
    {
        (await bed.App.Client.PostAsync(new Uri("/api/telegram/register", UriKind.Relative), null)).EnsureSuccessStatusCode();
        await Assert.ThrowsAsync<Telegram.Bot.Exceptions.ApiRequestException>(() => bed.App.Get<PollTelegramUpdates>().RunOnceAsync(default));
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class BotLimitsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BotTestBed bed = null!;

    public async Task InitializeAsync() => bed = await BotTestBed.StartAsync(azurite, new Dictionary<string, string?>
    {
        ["Bot:FloodLimit"] = "3",
        ["Telegram:PerChatInterval"] = "00:00:00.05",
    });

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task A_flood_from_one_user_gets_one_polite_answer_and_others_are_unaffected()
    {
        var outcomes = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            outcomes.Add(await bed.OutcomeAsync(BotWire.Message(BotTestBed.Stranger, "/start")));
        }
        Assert.Equal(["instructions", "instructions", "instructions", "throttled", "throttled", "throttled"], outcomes);
        var replies = (await bed.App.Get<OutboxRepository>().ListAsync(null, "telegram-" + BotTestBed.Stranger, 100, default)).OrderBy(m => m.CreatedAt).ToList();
        Assert.Equal(4, replies.Count);
        Assert.Contains("Слишком много сообщений", replies[^1].Text, StringComparison.Ordinal);

        Assert.Equal("instructions", await bed.OutcomeAsync(BotWire.Message(BotTestBed.Ivan, "/start")));
        var (outcome, _) = await bed.ExchangeAsync(BotWire.Callback(BotTestBed.Stranger, "b:AAAAAAAAAAAA"));
        Assert.Equal("throttled", outcome);
    }

    [Fact]
    public async Task Snooze_keeps_the_recommendation_open_a_day_more_and_queues_a_reminder_for_tomorrow()
    {
        await bed.LinkAsync(BotTestBed.Ivan);
        var now = DateTimeOffset.UtcNow;
        var store = bed.App.Get<SalesCoach.Core.Agent.RecommendationRepository>();
        await store.AddAsync(new SalesCoach.Core.Agent.Recommendation
        {
            Id = "rec-snooze", ManagerId = "m-ivan", Type = "re_engage", TargetKind = SalesCoach.Core.Agent.TargetKind.Deal, TargetId = "1001", TargetName = "Поставка",
            Title = "Позвонить клиенту", Reasoning = "давно без контакта", Urgency = SalesCoach.Core.Agent.RecommendationUrgency.High, Source = "rules",
            CreatedAt = now, ExpiresAt = now.AddHours(2),
        }, default);
        var (_, cards) = await bed.ExchangeAsync(BotWire.Message(BotTestBed.Ivan, "/deal 1001"));
        var (outcome, replies) = await bed.ExchangeAsync(BotWire.Callback(BotTestBed.Ivan, BotTestBed.Data(cards.Single(), "💤")));

        Assert.Equal("rec_snooze", outcome);
        var snoozed = (await store.GetAsync("rec-snooze", default))!;
        Assert.Equal(SalesCoach.Core.Agent.RecommendationStatus.Accepted, snoozed.Status);
        Assert.True(snoozed.ExpiresAt > now.AddDays(1));
        var reminder = Assert.Single(replies, r => r.EditMessageId is null);
        Assert.InRange(reminder.NextAttemptAt - now, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));
        Assert.Contains("Напоминание", reminder.Text, StringComparison.Ordinal);
        Assert.Contains(BotTestBed.Buttons(reminder), b => b.Text.Contains("Сделано", StringComparison.Ordinal));

        // Due tomorrow, not now: today's run delivers the edited card only.
        await bed.App.Get<SendOutbox>().RunAsync(default);
        Assert.Equal(OutboxStatus.Pending, (await bed.App.Get<OutboxRepository>().FindAsync("m-ivan", reminder.Id, default))!.Value.Message.Status);
        Assert.DoesNotContain(bed.Telegram.CallsOf("sendMessage"), c => c.Body["text"]!.GetValue<string>().Contains("Напоминание", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_inactivity_alert_carries_buttons_that_act_and_turn_it_into_the_deals_card()
    {
        await bed.LinkAsync(BotTestBed.Ivan);
        var now = DateTimeOffset.UtcNow;
        await bed.App.Get<SalesCoach.Core.Deals.DealRepository>().UpsertAsync(new SalesCoach.Core.Deals.Deal
        {
            Id = "d-idle", Name = "Склад", ManagerId = "m-ivan", Budget = 500_000m, Stage = "Переговоры", CreatedAt = now.AddDays(-30), UpdatedAt = now.AddDays(-15), ClientName = "Пётр",
        }, default);
        var result = await bed.App.Get<CheckInactivity>().RunAsync(default);
        Assert.True(result.CriticalAlerts >= 1);
        var alert = (await bed.App.Get<OutboxRepository>().ListAsync(null, "m-ivan", 100, default)).Single(m => m.Kind == OutboxKind.InactivityAlert && m.DealId == "d-idle");
        Assert.Equal(["✅ Сделано", "💤 Отложить на день", "✖ Не актуально"], BotTestBed.Buttons(alert).Select(b => b.Text));

        var (outcome, replies) = await bed.ExchangeAsync(BotWire.Callback(BotTestBed.Ivan, BotTestBed.Data(alert, "Сделано"), 321));
        Assert.Equal("rec_done", outcome);
        Assert.Equal(RecommendationStatus.Done, (await bed.App.Get<RecommendationRepository>().GetAsync(alert.Id[..alert.Id.LastIndexOf("-p", StringComparison.Ordinal)], default))!.Status);
        var card = Assert.Single(replies);
        Assert.Equal(321, card.EditMessageId);
        Assert.Contains("Склад", card.Text, StringComparison.Ordinal);
        Assert.Contains("(✅ сделано)", card.Text, StringComparison.Ordinal);
        await bed.LinkAsync(BotTestBed.Far);
        Assert.Equal("refused", await bed.OutcomeAsync(BotWire.Callback(BotTestBed.Far, BotTestBed.Data(alert, "Не актуально"))));
    }

    [Fact]
    public async Task Editing_a_message_to_what_it_already_shows_counts_as_delivered()
    {
        var outbox = bed.App.Get<OutboxRepository>();
        OutboxMessage Edit(string id) => new()
        {
            Id = id, ManagerId = "m-ivan", ChatId = BotTestBed.Ivan, Kind = OutboxKind.BotReply, Text = "<b>same</b>", Status = OutboxStatus.Pending,
            CreatedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow, EditMessageId = 77,
            ReplyMarkup = "{\"inline_keyboard\":[[{\"text\":\"x\",\"callback_data\":\"b:AAAAAAAAAAAA\"}]]}",
        };
        await outbox.EnqueueAsync([Edit("edit-1")], default);
        await bed.App.Get<SendOutbox>().RunAsync(default);
        await outbox.EnqueueAsync([Edit("edit-2")], default);
        await bed.App.Get<SendOutbox>().RunAsync(default);

        Assert.Equal(2, bed.Telegram.CallsOf("editMessageText").Count());
        Assert.Equal(OutboxStatus.Sent, (await outbox.FindAsync("m-ivan", "edit-1", default))!.Value.Message.Status);
        Assert.Equal(OutboxStatus.Sent, (await outbox.FindAsync("m-ivan", "edit-2", default))!.Value.Message.Status);
        Assert.Empty(bed.Telegram.CallsOf("sendMessage"));
    }

    [Fact]
    public async Task Buttons_over_Telegrams_64_byte_limit_would_be_refused_and_ours_never_are()
    {
        var outbox = bed.App.Get<OutboxRepository>();
        await outbox.EnqueueAsync([new OutboxMessage
        {
            Id = "too-long", ManagerId = "m-ivan", ChatId = BotTestBed.Ivan, Kind = OutboxKind.BotReply, Text = "x", Status = OutboxStatus.Pending,
            CreatedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow,
            ReplyMarkup = "{\"inline_keyboard\":[[{\"text\":\"x\",\"callback_data\":\"" + new string('a', 65) + "\"}]]}",
        }], default);
        await bed.LinkAsync(BotTestBed.Ivan);
        await bed.OutcomeAsync(BotWire.Message(BotTestBed.Ivan, "/deals"));
        await bed.App.Get<SendOutbox>().RunAsync(default);

        var messages = await outbox.ListAsync(null, "m-ivan", 100, default);
        Assert.Equal(OutboxStatus.Failed, messages.Single(m => m.Id == "too-long").Status);
        Assert.All(messages.Where(m => m.Id != "too-long"), m => Assert.Equal(OutboxStatus.Sent, m.Status));
    }
}

/// <summary>The bot's direct Bot API calls go through the shared resilience pipeline: a 429 waits retry_after, a 5xx is retried.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BotApiResilienceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BotTestBed bed = null!;

    public async Task InitializeAsync() => bed = await BotTestBed.StartAsync(azurite, new Dictionary<string, string?>
    {
        ["Bot:WebhookUrl"] = "https://salescoach.example/api/telegram/webhook",
        ["Telegram:RetryBaseDelay"] = "00:00:00.05",
    });

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task Registration_waits_out_a_429_and_retries_a_5xx()
    {
        bed.Telegram.FailNext(429, retryAfter: 1);
        bed.Telegram.FailNext(502);
        var started = DateTimeOffset.UtcNow;
        (await bed.App.Client.PostAsync(new Uri("/api/telegram/register", UriKind.Relative), null)).EnsureSuccessStatusCode();

        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(1), "retry_after was not waited out");
        Assert.Equal(3, bed.Telegram.CallsOf("setWebhook").Count());
        Assert.Equal(4, bed.Telegram.CallsOf("setMyCommands").Count());
    }

    [Fact]
    public async Task A_button_press_is_answered_after_a_transient_failure()
    {
        await bed.LinkAsync(BotTestBed.Ivan);
        var menu = (await bed.ExchangeAsync(BotWire.Message(BotTestBed.Ivan, "/start"))).Replies.Single();
        bed.Telegram.FailNext(500);
        Assert.Equal("handled", await bed.OutcomeAsync(BotWire.Callback(BotTestBed.Ivan, BotTestBed.Data(menu, "Лиды"))));
        Assert.Equal(2, bed.Telegram.CallsOf("answerCallbackQuery").Count());
    }
}
