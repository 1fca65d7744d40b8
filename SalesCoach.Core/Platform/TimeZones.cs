// Owns IANA time zone look-up and local-time conversion.

namespace SalesCoach.Core.Platform;

/// <summary>IANA time zone look-up with an error that names the bad value.</summary>
public static class TimeZones
{
    public static bool IsKnown(string? ianaId) =>
        !string.IsNullOrWhiteSpace(ianaId) && TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out _);

    public static TimeZoneInfo Find(string ianaId, string field = "timeZone") =>
        !string.IsNullOrWhiteSpace(ianaId) && TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone)
            ? zone
            : throw new InputValidationException(field, $"'{ianaId}' is not a known IANA time zone id.");

    public static DateTimeOffset ToLocal(DateTimeOffset instant, string ianaId) =>
        TimeZoneInfo.ConvertTime(instant, Find(ianaId));

    /// <summary>
    /// The instant a local wall-clock time names in <paramref name="zone"/>. A time skipped by a DST jump
    /// names the first instant after the gap; a time that happens twice names the earlier one.
    /// </summary>
    public static DateTimeOffset FromLocal(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            return new DateTimeOffset(local, offsets.Max());
        }
        if (zone.IsInvalidTime(local))
        {
            // Gaps are whole minutes long: the first valid minute is where the gap ends.
            local = local.AddTicks(-(local.Ticks % TimeSpan.TicksPerMinute));
            while (zone.IsInvalidTime(local))
            {
                local = local.AddMinutes(1);
            }
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>The first instant of a local day (midnight, or the end of a DST gap that swallows it).</summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone) => FromLocal(day.ToDateTime(TimeOnly.MinValue), zone);
}
