using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Messaging;

/// <summary>Outbox → SendOutbox timer (fired by the standalone dispatcher) → loopback Telegram.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OutboxDeliveryTests(AzuriteFixture azurite)
{
    private static async Task<IReadOnlyList<OutboxMessage>> WaitForAsync(OutboxRepository outbox, Func<IReadOnlyList<OutboxMessage>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var messages = await outbox.ListAsync(null, null, 100, default);
            if (done(messages) || DateTime.UtcNow > deadline)
            {
                return messages;
            }
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Queued_card_is_sent_to_the_managers_chat_and_marked_sent()
    {
        await using var telegram = await FakeTelegramServer.StartNewAsync();
        await using var app = await TestApp.StartAsync(azurite, dispatcher: true, settings: new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeTelegramServer.Token,
            ["Telegram:ApiBaseUrl"] = telegram.BaseAddress.ToString(),
        });
        (await app.Client.PostAsync("/api/demo/seed", null)).EnsureSuccessStatusCode();
        (await app.Client.PostAsync("/api/deals/1001/analyze?notify=true", null)).EnsureSuccessStatusCode();

        var messages = await WaitForAsync(app.Get<OutboxRepository>(), m => m.All(x => x.Status == OutboxStatus.Sent));

        var sent = Assert.Single(messages);
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.NotNull(sent.SentAt);
        var delivered = Assert.Single(telegram.Delivered);
        Assert.Equal(100000001, delivered.ChatId);
        Assert.Equal(sent.Text, delivered.Text);
    }

    [Fact]
    public async Task Message_for_a_blocked_bot_is_marked_failed_with_the_reason()
    {
        await using var telegram = await FakeTelegramServer.StartNewAsync();
        telegram.FailNext(403);
        await using var app = await TestApp.StartAsync(azurite, dispatcher: true, settings: new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeTelegramServer.Token,
            ["Telegram:ApiBaseUrl"] = telegram.BaseAddress.ToString(),
        });
        (await app.Client.PostAsync("/api/demo/seed", null)).EnsureSuccessStatusCode();
        (await app.Client.PostAsync("/api/deals/1001/analyze", null)).EnsureSuccessStatusCode();

        var messages = await WaitForAsync(app.Get<OutboxRepository>(), m => m.All(x => x.Status == OutboxStatus.Failed));

        var failed = Assert.Single(messages);
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        Assert.Contains("403", failed.LastError, StringComparison.Ordinal);
        Assert.Empty(telegram.Delivered);
    }

    [Fact]
    public async Task Without_a_bot_token_the_outbox_is_the_sink()
    {
        await using var app = await TestApp.StartAsync(azurite);
        (await app.Client.PostAsync("/api/demo/seed", null)).EnsureSuccessStatusCode();
        (await app.Client.PostAsync("/api/deals/1001/analyze", null)).EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // two SendOutbox ticks

        var body = await app.JsonAsync(await app.Client.GetAsync("/api/outbox"));
        Assert.Equal(1, body.GetProperty("count").GetInt32());
        Assert.Equal("pending", body.GetProperty("messages")[0].GetProperty("status").GetString());
    }
}
