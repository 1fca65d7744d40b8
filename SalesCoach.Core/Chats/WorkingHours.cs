// Owns a team's working window in its time zone, and working time between two instants.
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Chats;

/// <summary>
/// A team's working window in its IANA time zone (seed 002: chats are answered 10:00–23:00).
/// Time outside the window does not count towards response times; the window is evaluated per local
/// day, so daylight-saving days are as long as they really are.
/// </summary>
public sealed record WorkingHours
{
    public WorkingHours(TimeOnly start, TimeOnly end, string timeZone)
    {
        if (end <= start)
        {
            throw new InputValidationException("working_hours", $"The working window must end after it starts ({start}–{end}).");
        }
        Start = start;
        End = end;
        Zone = TimeZones.Find(timeZone);
    }

    public static WorkingHours Default(string timeZone) => new(new TimeOnly(10, 0), new TimeOnly(23, 0), timeZone);

    public TimeOnly Start { get; }
    public TimeOnly End { get; }
    public TimeZoneInfo Zone { get; }

    /// <summary>The part of [from, to) that falls inside the working window.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }
        var total = TimeSpan.Zero;
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, Zone).DateTime);
        var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to, Zone).DateTime);
        for (; day <= lastDay; day = day.AddDays(1))
        {
            var windowStart = Instant(day, Start);
            var windowEnd = Instant(day, End);
            var overlapStart = windowStart > from ? windowStart : from;
            var overlapEnd = windowEnd < to ? windowEnd : to;
            if (overlapEnd > overlapStart)
            {
                total += overlapEnd - overlapStart;
            }
        }
        return total;
    }

    private DateTimeOffset Instant(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time);
        // A local time skipped by a DST jump does not exist: move past the gap.
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
