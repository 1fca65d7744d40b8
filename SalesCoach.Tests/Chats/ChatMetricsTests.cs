using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;

namespace SalesCoach.Tests.Chats;

public sealed class ChatMetricsTests
{
    // Moscow has no daylight saving: local = UTC+3 all year.
    private static readonly WorkingHours Moscow = WorkingHours.Default("Europe/Moscow");
    private static readonly Chat Chat = new() { Id = "c1", Channel = Channel.Whatsapp, ManagerId = "m1", CreatedAt = Local(1, 9, 0), UpdatedAt = Local(1, 9, 0) };

    private static DateTimeOffset Local(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(3));

    private static ChatMessage In(DateTimeOffset at, string? id = null) => new() { Id = id ?? $"in-{at.UtcTicks}", ChatId = "c1", Direction = Direction.Inbound, SentAt = at, Source = "test" };

    private static ChatMessage Out(DateTimeOffset at) => new() { Id = $"out-{at.UtcTicks}", ChatId = "c1", Direction = Direction.Outbound, SentAt = at, ManagerId = "m1", Source = "test" };

    private static ChatStats Stats(params ChatMessage[] messages) => ChatMetrics.Compute(Chat, messages, Moscow);

    [Fact]
    public void First_response_inside_working_hours_is_the_plain_difference()
    {
        Assert.Equal(TimeSpan.FromMinutes(7), Stats(In(Local(2, 12, 0)), Out(Local(2, 12, 7))).FirstResponse);
    }

    [Fact]
    public void Night_hours_do_not_count()
    {
        // 22:50 → 10:05 next day: 10 minutes before closing, 5 after opening.
        Assert.Equal(TimeSpan.FromMinutes(15), Stats(In(Local(2, 22, 50)), Out(Local(3, 10, 5))).FirstResponse);
    }

    [Fact]
    public void A_message_sent_outside_hours_starts_counting_at_opening()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), Stats(In(Local(2, 2, 0)), Out(Local(2, 10, 5))).FirstResponse);
    }

    [Fact]
    public void A_reply_outside_hours_to_a_message_outside_hours_takes_no_working_time()
    {
        Assert.Equal(TimeSpan.Zero, Stats(In(Local(2, 2, 0)), Out(Local(2, 3, 0))).FirstResponse);
    }

    [Fact]
    public void A_chat_spanning_days_counts_every_working_day_in_between()
    {
        // Day 2 12:00 → day 4 12:00: 11 h on day 2, 13 h on day 3, 2 h on day 4.
        Assert.Equal(TimeSpan.FromHours(26), Stats(In(Local(2, 12, 0)), Out(Local(4, 12, 0))).FirstResponse);
    }

    [Fact]
    public void A_client_burst_counts_from_its_first_message()
    {
        var stats = Stats(In(Local(2, 12, 0)), In(Local(2, 12, 5)), In(Local(2, 12, 9)), Out(Local(2, 12, 12)));
        Assert.Equal(TimeSpan.FromMinutes(12), stats.FirstResponse);
        Assert.True(stats.SlowFirstResponse);
    }

    [Fact]
    public void When_the_manager_writes_first_the_first_response_is_to_the_clients_first_message()
    {
        var stats = Stats(Out(Local(2, 11, 0)), In(Local(2, 11, 30)), Out(Local(2, 11, 40)));
        Assert.True(stats.ManagerWroteFirst);
        Assert.Equal(TimeSpan.FromMinutes(10), stats.FirstResponse);
        Assert.False(stats.SlowFirstResponse);
    }

    [Fact]
    public void Client_messages_after_the_last_manager_message_are_unanswered()
    {
        var stats = Stats(In(Local(2, 12, 0)), Out(Local(2, 12, 5)), In(Local(2, 13, 0)), In(Local(2, 13, 1)));
        Assert.Equal(2, stats.UnansweredInbound);
        Assert.True(stats.Answered);
        Assert.Equal((3, 1), (stats.Inbound, stats.Outbound));
    }

    [Fact]
    public void A_chat_without_any_manager_message_is_unanswered_entirely()
    {
        var stats = Stats(In(Local(2, 12, 0)), In(Local(2, 12, 1)));
        Assert.Null(stats.FirstResponse);
        Assert.False(stats.Answered);
        Assert.Equal(2, stats.UnansweredInbound);
    }

    [Fact]
    public void A_chat_with_only_manager_messages_has_nothing_to_answer()
    {
        var stats = Stats(Out(Local(2, 12, 0)));
        Assert.Equal(0, stats.UnansweredInbound);
        Assert.False(stats.Answered);
        Assert.Null(stats.FirstResponse);
    }

    [Fact]
    public void Daylight_saving_days_are_as_long_as_they_really_are()
    {
        // Berlin springs forward on 29 March 2026 at 02:00; a 00:00–23:00 window is 22 real hours that day.
        var berlin = new WorkingHours(new TimeOnly(0, 0), new TimeOnly(23, 0), "Europe/Berlin");
        var from = new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.FromHours(1));
        var to = new DateTimeOffset(2026, 3, 29, 23, 0, 0, TimeSpan.FromHours(2));
        Assert.Equal(TimeSpan.FromHours(22), berlin.WorkingTimeBetween(from, to));
    }

    [Fact]
    public void A_window_that_ends_before_it_starts_is_refused()
    {
        Assert.Throws<SalesCoach.Core.Platform.InputValidationException>(() => new WorkingHours(new TimeOnly(23, 0), new TimeOnly(10, 0), "Europe/Moscow"));
    }

    [Fact]
    public void Percentiles_use_the_nearest_rank()
    {
        var values = Enumerable.Range(1, 10).Select(i => TimeSpan.FromMinutes(i)).ToList();
        Assert.Equal(TimeSpan.FromMinutes(5), ChatMetrics.Percentile(values, 0.5));
        Assert.Equal(TimeSpan.FromMinutes(9), ChatMetrics.Percentile(values, 0.9));
        Assert.Equal(TimeSpan.FromMinutes(2), ChatMetrics.Percentile([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(4)], 0.5));
        Assert.Null(ChatMetrics.Percentile([], 0.5));
    }

    [Fact]
    public void Manager_summary_counts_response_rate_over_chats_where_the_client_wrote()
    {
        var answered = Stats(In(Local(2, 12, 0)), Out(Local(2, 12, 4)));
        var slow = Stats(In(Local(2, 12, 0)), Out(Local(2, 12, 30)));
        var ignored = Stats(In(Local(2, 12, 0)));
        var outreach = Stats(Out(Local(2, 12, 0)));

        var summary = Assert.Single(ChatMetrics.Summarize([answered, slow, ignored, outreach], c => c.ManagerId!));

        Assert.Equal(4, summary.Chats);
        Assert.Equal(3, summary.ChatsWithInbound);
        Assert.Equal(Math.Round(2.0 / 3, 4), summary.ResponseRate);
        Assert.Equal(TimeSpan.FromMinutes(4), summary.MedianFirstResponse);
        Assert.Equal(TimeSpan.FromMinutes(30), summary.P90FirstResponse);
        Assert.Equal(1, summary.SlowFirstResponses);
        Assert.Equal(1, summary.ChatsWithUnanswered);
    }
}
