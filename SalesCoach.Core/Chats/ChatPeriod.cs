// Owns what a report period names: local days in the zone the report is measured in, or instants as given.
using System.Globalization;
using System.Text.RegularExpressions;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Chats;

/// <summary>
/// A report period [From, To). A date alone ("2026-11-19") is the start of that local day in the
/// report's zone (the team's zone, else Chats:TimeZone), DST included: the day a clock jumps is 23 or 25
/// hours long. A date-time with an offset ("…T00:00:00Z", "…+03:00") is that instant; a date-time
/// without one is a wall-clock time in the report's zone.
/// </summary>
public sealed partial record ChatPeriod(DateTimeOffset From, DateTimeOffset To, TimeZoneInfo Zone)
{
    /// <summary>No <c>to</c>: now; no <c>from</c>: seven days before <c>to</c>.</summary>
    public static ChatPeriod Parse(string? from, string? to, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var end = Point(to, "to", zone) ?? now;
        var start = Point(from, "from", zone) ?? end.AddDays(-7);
        return new ChatPeriod(start, end, zone);
    }

    /// <summary>Local days [<paramref name="first"/>, <paramref name="end"/>) in <paramref name="zone"/>.</summary>
    public static ChatPeriod Days(DateOnly first, DateOnly end, TimeZoneInfo zone) =>
        new(TimeZones.StartOfDay(first, zone), TimeZones.StartOfDay(end, zone), zone);

    /// <summary>The period's local dates for file names: "20261116-20261123".</summary>
    public string Stamp => $"{Local(From):yyyyMMdd}-{Local(To):yyyyMMdd}";

    private DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone).DateTime;

    private static DateTimeOffset? Point(string? raw, string field, TimeZoneInfo zone)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }
        if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return TimeZones.StartOfDay(day, zone);
        }
        if (raw.Contains('T', StringComparison.Ordinal) && Offset().IsMatch(raw)
            && DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant;
        }
        if (DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) && local.Kind == DateTimeKind.Unspecified)
        {
            return TimeZones.FromLocal(local, zone);
        }
        throw new InputValidationException(field, $"'{field}' must be an ISO 8601 date (a local day) or date-time, not '{raw}'.");
    }

    [GeneratedRegex(@"(Z|[+-]\d{2}(:?\d{2})?)$", RegexOptions.IgnoreCase)]
    private static partial Regex Offset();
}
