// Owns replaying history: a clock that starts at a configured instant and runs at normal speed from there.
using System.Globalization;

namespace SalesCoach.Core.Platform;

/// <summary>
/// The system clock moved to start at <c>SalesCoach__ClockStart</c>: for replaying a historic dataset
/// (a harness or a demo "as of" its last day). Durations, delays and timers are the system's.
/// </summary>
public sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public TimeSpan Offset { get; } = offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    public override long TimestampFrequency => System.TimestampFrequency;

    public override long GetTimestamp() => System.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime, period);

    /// <summary>The clock for a "SalesCoach:ClockStart" value: the system clock when empty.</summary>
    public static TimeProvider From(string? clockStart)
    {
        if (string.IsNullOrWhiteSpace(clockStart))
        {
            return System;
        }
        if (!DateTimeOffset.TryParse(clockStart, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start))
        {
            throw new InvalidOperationException($"Setting 'SalesCoach__ClockStart' = '{clockStart}' is not an ISO 8601 date or instant.");
        }
        return new ShiftedTimeProvider(start - System.GetUtcNow());
    }
}
