using Microsoft.Extensions.Time.Testing;
using SalesCoach.Core.Platform;

namespace SalesCoach.Tests.Platform;

public sealed class SendRateLimiterTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Second_message_to_the_same_chat_waits_the_per_chat_interval()
    {
        var limiter = new SendRateLimiter(time, TimeSpan.FromSeconds(1), 30);
        Assert.Equal(TimeSpan.Zero, limiter.Reserve(1));
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.Reserve(1));
        Assert.Equal(TimeSpan.FromSeconds(2), limiter.Reserve(1));
    }

    [Fact]
    public void Different_chats_only_wait_the_global_spacing()
    {
        var limiter = new SendRateLimiter(time, TimeSpan.FromSeconds(1), 30);
        limiter.Reserve(1);
        var wait = limiter.Reserve(2);
        Assert.True(wait < TimeSpan.FromMilliseconds(50), $"waited {wait}");
    }

    [Fact]
    public void No_more_than_the_global_rate_fits_into_one_second()
    {
        var limiter = new SendRateLimiter(time, TimeSpan.FromSeconds(1), 30);
        var slots = Enumerable.Range(0, 100).Select(chat => limiter.Reserve(chat)).ToList();
        for (var i = 0; i + 30 < slots.Count; i++)
        {
            Assert.True(slots[i + 30] - slots[i] >= TimeSpan.FromSeconds(1), $"31 sends within a second starting at {i}");
        }
    }

    [Fact]
    public void Time_passing_frees_the_chat()
    {
        var limiter = new SendRateLimiter(time, TimeSpan.FromSeconds(1), 30);
        limiter.Reserve(1);
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.Zero, limiter.Reserve(1));
    }
}
