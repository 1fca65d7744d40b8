using SalesCoach.Core.Messaging;
using SalesCoach.Functions.Cli;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Messaging;

/// <summary>The outbox against Telegram's limits: chats in parallel, each in order at 1/s, the bot under 30/s, nothing sent twice.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OutboxLimitsTests(AzuriteFixture azurite)
{
    private static OutboxMessage Message(int i, long chat, DateTimeOffset now) => new()
    {
        Id = $"o{i:D4}", ManagerId = $"m{chat}", ChatId = chat, Kind = OutboxKind.ChatReport, Text = $"message {i}",
        Status = OutboxStatus.Pending, CreatedAt = now.AddMilliseconds(i), NextAttemptAt = now,
    };

    private static async Task WaitUntilAsync(Func<bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Chats_go_out_in_parallel_each_in_order_and_a_second_apart_within_the_bots_rate()
    {
        await using var bot = await BotApiFake.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, dispatcher: true, settings: new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeTelegramServer.Token,
            ["Telegram:ApiBaseUrl"] = bot.BaseAddress.ToString(),
        });
        var now = DateTimeOffset.UtcNow;
        // 12 chats, 5 messages each: one at a time would take a minute; the limits allow about 5 seconds.
        var messages = Enumerable.Range(0, 60).Select(i => Message(i, 500 + i % 12, now)).ToList();
        await app.Get<OutboxRepository>().EnqueueAsync(messages, default);

        await WaitUntilAsync(() => bot.Delivered.Count == 60, TimeSpan.FromSeconds(60));

        var delivered = bot.Delivered.ToList();
        Assert.Equal(60, delivered.Count);
        Assert.Equal(60, delivered.Select(d => d.Text).Distinct().Count());
        Assert.True(bot.TooManyRequests <= 2, $"{bot.TooManyRequests} 429s: " + string.Join("; ", bot.Refused.Select(r => $"chat {r.ChatId} at {r.At:HH:mm:ss.fff} ({r.Limit})")));
        var span = delivered.Max(d => d.At) - delivered.Min(d => d.At);
        Assert.True(span < TimeSpan.FromSeconds(15), $"took {span.TotalSeconds:F1} s");
        foreach (var chat in delivered.GroupBy(d => d.ChatId))
        {
            var inOrder = chat.OrderBy(d => d.At).ToList();
            Assert.Equal(inOrder.Select(d => d.Text), messages.Where(m => m.ChatId == chat.Key).Select(m => m.Text));
            Assert.All(inOrder.Zip(inOrder.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At >= TimeSpan.FromSeconds(1)));
        }
        var stored = await app.Get<OutboxRepository>().ListAsync(null, null, 100, default);
        Assert.All(stored, m => Assert.Equal((OutboxStatus.Sent, true), (m.Status, m.TelegramMessageId is not null)));
    }

    [Fact]
    public async Task A_rate_limited_chat_waits_its_retry_after_while_the_other_chats_go_on()
    {
        await using var telegram = await FakeTelegramServer.StartNewAsync();
        var now = DateTimeOffset.UtcNow;
        await using var app = await TestApp.StartAsync(azurite, dispatcher: true, settings: new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeTelegramServer.Token,
            ["Telegram:ApiBaseUrl"] = telegram.BaseAddress.ToString(),
            ["SalesCoach:OutboxSchedule"] = "0 0 0 1 1 *",
        });
        await app.Get<OutboxRepository>().EnqueueAsync([Message(0, 900, now), Message(1, 901, now), Message(2, 902, now)], default);
        telegram.FailNext(429, retryAfter: 3);

        var run = await app.Get<SendOutbox>().RunAsync(default);

        Assert.Equal(3, run.Sent);
        var requests = telegram.Requests.ToList();
        var limited = requests.First(r => r.Status == 429);
        var retried = requests.Single(r => r.Status == 200 && r.ChatId == limited.ChatId);
        Assert.True(retried.ReceivedAt - limited.ReceivedAt >= TimeSpan.FromSeconds(2.9));
        Assert.All(requests.Where(r => r.Status == 200 && r.ChatId != limited.ChatId), r => Assert.True(r.ReceivedAt < retried.ReceivedAt));
    }

    [Fact]
    public async Task A_message_left_sending_when_its_sender_died_is_marked_uncertain_and_not_sent_again()
    {
        await using var telegram = await FakeTelegramServer.StartNewAsync();
        await using var app = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeTelegramServer.Token,
            ["Telegram:ApiBaseUrl"] = telegram.BaseAddress.ToString(),
        });
        var now = DateTimeOffset.UtcNow;
        // As a sender leaves it when it dies after recording the attempt: claimed, never answered, the claim run out.
        var orphan = Message(0, 910, now) with { Status = OutboxStatus.Sending, Attempts = 1, NextAttemptAt = now.AddSeconds(-1), SenderId = "dead-sender" };
        await app.Get<OutboxRepository>().EnqueueAsync([orphan, Message(1, 911, now)], default);

        var run = await app.Get<SendOutbox>().RunAsync(default);

        Assert.Equal((1, 1), (run.Sent, run.Uncertain));
        Assert.Equal([911L], telegram.Delivered.Select(d => d.ChatId));
        var (stored, _) = (await app.Get<OutboxRepository>().FindAsync(orphan.ManagerId, orphan.Id, default))!.Value;
        Assert.Equal(OutboxStatus.Uncertain, stored.Status);
        Assert.Contains("check the chat", stored.LastError, StringComparison.Ordinal);
        Assert.Equal(0, (await app.Get<SendOutbox>().RunAsync(default)).Sent);
        Assert.Single(telegram.Delivered);
    }
}
