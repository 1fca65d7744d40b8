// Owns when a nudge is due: nudge 1 some hours after the assistant's unanswered message inside client-local hours, nudge 2 the next day at a set time.
namespace SalesCoach.Core.Assistant.Nudges;

/// <summary>
/// The nudge timeline, in the client's time zone. Nudge 1: <see cref="AssistantOptions.FirstNudgeDelay"/>
/// after the assistant's last unanswered message; when that falls outside the window
/// [<see cref="AssistantOptions.NudgeWindowStart"/>, <see cref="AssistantOptions.NudgeWindowEnd"/>) it moves
/// to the next opening. Nudge 2: the day after nudge 1 at <see cref="AssistantOptions.SecondNudgeTime"/>
/// (moved into the window the same way). Pure: no clock, no storage.
/// </summary>
public static class NudgePolicy
{
    public const int MaxNudges = 2;

    public static DateTimeOffset FirstDue(DateTimeOffset lastAssistantMessage, TimeZoneInfo zone, AssistantOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return IntoWindow(lastAssistantMessage + options.FirstNudgeDelay, zone, options);
    }

    public static DateTimeOffset SecondDue(DateTimeOffset firstNudgeSent, TimeZoneInfo zone, AssistantOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var local = TimeZoneInfo.ConvertTime(firstNudgeSent, zone);
        var nextDay = DateOnly.FromDateTime(local.DateTime).AddDays(1);
        return IntoWindow(At(nextDay, options.SecondNudgeTime, zone), zone, options);
    }

    /// <summary>The instant itself when it is inside the client-local window, else the window's next opening.</summary>
    public static DateTimeOffset IntoWindow(DateTimeOffset instant, TimeZoneInfo zone, AssistantOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (time >= options.NudgeWindowStart && time < options.NudgeWindowEnd)
        {
            return instant;
        }
        return At(time < options.NudgeWindowStart ? day : day.AddDays(1), options.NudgeWindowStart, zone);
    }

    public static bool InWindow(DateTimeOffset instant, TimeZoneInfo zone, AssistantOptions options) => IntoWindow(instant, zone, options) == instant;

    private static DateTimeOffset At(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time);
        // A local time skipped by a DST jump does not exist: take the first valid minute after it.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
