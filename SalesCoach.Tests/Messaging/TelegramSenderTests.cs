using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Fakes;

namespace SalesCoach.Tests.Messaging;

/// <summary>The real Telegram.Bot client and Polly pipeline against a loopback Bot API.</summary>
public sealed class TelegramSenderTests : IAsyncLifetime
{
    private FakeTelegramServer telegram = null!;

    public async Task InitializeAsync() => telegram = await FakeTelegramServer.StartNewAsync();

    public async Task DisposeAsync() => await telegram.DisposeAsync();

    private TelegramSender Sender(TelegramOptions? options = null) => new(
        (options ?? new TelegramOptions()) with
        {
            BotToken = FakeTelegramServer.Token,
            ApiBaseUrl = telegram.BaseAddress.ToString().TrimEnd('/'),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        },
        new HttpClient(),
        TimeProvider.System);

    [Fact]
    public async Task Sends_html_to_the_chat()
    {
        var result = await Sender().SendAsync(42, "<b>Привет</b> &amp; 🔥", default);
        Assert.True(result.Sent);
        var request = Assert.Single(telegram.Requests);
        Assert.Equal(42, request.ChatId);
        Assert.Equal("<b>Привет</b> &amp; 🔥", request.Text);
        Assert.Equal("HTML", request.ParseMode, ignoreCase: true);
    }

    [Fact]
    public async Task Too_many_requests_waits_retry_after_then_succeeds()
    {
        telegram.FailNext(429, retryAfter: 1);
        var result = await Sender().SendAsync(42, "x", default);

        Assert.True(result.Sent);
        var requests = telegram.Requests.ToList();
        Assert.Equal([429, 200], requests.Select(r => r.Status));
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(950),
            $"retried after {(requests[1].ReceivedAt - requests[0].ReceivedAt).TotalMilliseconds} ms, retry_after was 1 s");
    }

    [Fact]
    public async Task Retry_after_beyond_the_inline_limit_is_handed_back_for_rescheduling()
    {
        telegram.FailNext(429, retryAfter: 120);
        var result = await Sender().SendAsync(42, "x", default);
        Assert.False(result.Sent);
        Assert.False(result.Permanent);
        Assert.Equal(TimeSpan.FromSeconds(120), result.RetryAfter);
        Assert.Single(telegram.Requests);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff()
    {
        telegram.FailNext(500, times: 2);
        var result = await Sender().SendAsync(42, "x", default);
        Assert.True(result.Sent);
        Assert.Equal([500, 500, 200], telegram.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Blocked_bot_is_a_permanent_failure_without_retries()
    {
        telegram.FailNext(403);
        var result = await Sender().SendAsync(42, "x", default);
        Assert.False(result.Sent);
        Assert.True(result.Permanent);
        Assert.Single(telegram.Requests);
    }

    [Fact]
    public async Task Circuit_opens_after_repeated_server_errors_and_stops_calling_telegram()
    {
        telegram.FailNext(502, times: 100);
        var sender = Sender(new TelegramOptions { MaxRetries = 2 });
        await sender.SendAsync(1, "a", default);
        await sender.SendAsync(1, "b", default);
        var callsBeforeOpen = telegram.Requests.Count;

        var result = await sender.SendAsync(1, "c", default);

        Assert.False(result.Sent);
        Assert.Contains("BrokenCircuit", result.Error, StringComparison.Ordinal);
        Assert.Equal(callsBeforeOpen, telegram.Requests.Count);
    }
}
