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
}
