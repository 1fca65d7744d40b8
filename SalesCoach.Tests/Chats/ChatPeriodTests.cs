using SalesCoach.Core.Chats;
using SalesCoach.Core.Platform;

namespace SalesCoach.Tests.Chats;

/// <summary>What a report period names: local days in the report's zone (DST included), instants as given.</summary>
public sealed class ChatPeriodTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Moscow = TimeZones.Find("Europe/Moscow");
    private static readonly TimeZoneInfo Berlin = TimeZones.Find("Europe/Berlin");

    [Fact]
    public void A_date_is_the_local_day_in_the_zone_not_the_utc_day()
    {
        var period = ChatPeriod.Parse("2026-11-19", "2026-11-20", Moscow, Now);
        Assert.Equal(new DateTimeOffset(2026, 11, 18, 21, 0, 0, TimeSpan.Zero), period.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 21, 0, 0, TimeSpan.Zero), period.To);
        Assert.Equal("20261119-20261120", period.Stamp);
    }

    [Theory]
    // Spring forward (29 March 2026, 02:00 → 03:00): the day has 23 hours.
    [InlineData("2026-03-29", "2026-03-30", "2026-03-28T23:00:00Z", 23)]
    // Fall back (25 October 2026, 03:00 → 02:00): the day has 25 hours.
    [InlineData("2026-10-25", "2026-10-26", "2026-10-24T22:00:00Z", 25)]
    [InlineData("2026-10-24", "2026-10-25", "2026-10-23T22:00:00Z", 24)]
    public void Days_on_both_sides_of_a_dst_change_are_as_long_as_they_really_are(string from, string to, string start, int hours)
    {
        var period = ChatPeriod.Parse(from, to, Berlin, Now);
        Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), period.From);
        Assert.Equal(TimeSpan.FromHours(hours), period.To - period.From);
    }

    [Fact]
    public void A_day_whose_midnight_is_skipped_starts_when_the_clock_resumes()
    {
        // Chile moves its clocks at 24:00 on 5 September 2026: 6 September starts at 01:00 (-03:00).
        var santiago = TimeZones.Find("America/Santiago");
        Assert.Equal(new DateTimeOffset(2026, 9, 6, 1, 0, 0, TimeSpan.FromHours(-3)), ChatPeriod.Days(new DateOnly(2026, 9, 6), new DateOnly(2026, 9, 7), santiago).From);
    }

    [Fact]
    public void An_instant_with_an_offset_is_taken_as_given_and_one_without_is_local_time()
    {
        var period = ChatPeriod.Parse("2026-11-19T00:00:00Z", "2026-11-19T12:00:00+05:00", Moscow, Now);
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 0, 0, 0, TimeSpan.Zero), period.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 7, 0, 0, TimeSpan.Zero), period.To);
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 7, 0, 0, TimeSpan.Zero), ChatPeriod.Parse("2026-11-19T10:00:00", null, Moscow, Now).From);
    }

    [Fact]
    public void Without_bounds_the_period_is_the_last_seven_days()
    {
        var period = ChatPeriod.Parse(null, null, Moscow, Now);
        Assert.Equal((Now.AddDays(-7), Now), (period.From, period.To));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-13-01")]
    [InlineData("19.11.2026")]
    public void Anything_else_is_refused_naming_the_parameter(string raw)
    {
        var error = Assert.Throws<InputValidationException>(() => ChatPeriod.Parse(raw, null, Moscow, Now));
        Assert.Equal("from", error.Field);
    }
}
