// Owns the nudge timeline tests: three hours after, only 09:00-19:00 client-local, the next day at 13:00.
using SalesCoach.Core.Assistant;
using SalesCoach.Core.Assistant.Nudges;
using SalesCoach.Core.Platform;

namespace SalesCoach.Tests.Assistant;

public sealed class NudgePolicyTests
{
    private static readonly AssistantOptions Options = new() { TimeZone = "Asia/Almaty" };
    private static readonly TimeZoneInfo Almaty = TimeZones.Find("Asia/Almaty");

    private static DateTimeOffset Local(int day, int hour, int minute = 0) =>
        new(new DateTime(2026, 3, day, hour, minute, 0), Almaty.GetUtcOffset(new DateTime(2026, 3, day, hour, minute, 0)));

    [Fact]
    public void Nudge_one_is_three_hours_after_the_last_message_inside_the_window() =>
        Assert.Equal(Local(10, 14), NudgePolicy.FirstDue(Local(10, 11), Almaty, Options));

    [Fact]
    public void Nudge_one_that_would_fall_after_19_00_waits_for_09_00_next_day()
    {
        Assert.Equal(Local(11, 9), NudgePolicy.FirstDue(Local(10, 16, 30), Almaty, Options)); // 19:30
        Assert.Equal(Local(10, 18, 59), NudgePolicy.FirstDue(Local(10, 15, 59), Almaty, Options)); // 18:59 is still inside
        Assert.Equal(Local(11, 9), NudgePolicy.FirstDue(Local(10, 16), Almaty, Options)); // exactly 19:00 is outside
    }

    [Fact]
    public void Nudge_one_due_before_09_00_waits_for_the_same_morning() =>
        Assert.Equal(Local(11, 9), NudgePolicy.FirstDue(Local(11, 2), Almaty, Options)); // 05:00

    [Fact]
    public void Nudge_two_is_the_next_day_at_13_00_client_local()
    {
        Assert.Equal(Local(12, 13), NudgePolicy.SecondDue(Local(11, 9), Almaty, Options));
        Assert.Equal(Local(12, 13), NudgePolicy.SecondDue(Local(11, 18, 59), Almaty, Options));
    }

    [Fact]
    public void The_window_is_the_client_zone_by_phone_prefix()
    {
        var options = new AssistantOptions { TimeZone = "Asia/Almaty", TimeZonesByPrefix = new() { ["380"] = "Europe/Kyiv" } };
        var kyiv = options.ZoneOf("380501234567");
        Assert.Equal("Europe/Kyiv", kyiv.Id);
        // 17:00 in Almaty is 13:00 or 14:00 in Kyiv: +3 h is inside Kyiv's window, outside Almaty's.
        var sent = Local(10, 17);
        Assert.Equal(sent.AddHours(3), NudgePolicy.FirstDue(sent, kyiv, options));
        Assert.Equal(Local(11, 9), NudgePolicy.FirstDue(sent, options.ZoneOf("77001234567"), options));
    }
}
