// Owns ids that become Table Storage keys: what is allowed, and key helpers.
using System.Buffers;

namespace SalesCoach.Core.Platform;

/// <summary>
/// Ids that become Table Storage keys. Table keys forbid / \ # ? and control characters; we allow a
/// conservative set so that an id from any CRM (numbers, GUIDs, "1C1I7A6R") fits and nothing else does.
/// </summary>
public static class Keys
{
    /// <summary>1–64 characters of ASCII letters, digits, '_', '.' or '-', the first a letter or digit (a trailing line break too is refused).</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 0 and <= 64 } && char.IsAsciiLetterOrDigit(id[0]) && id.AsSpan(1).IndexOfAnyExcept(IdCharacters) < 0;

    private static readonly SearchValues<char> IdCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

    public static string RequireId(string? id, string field) =>
        IsValidId(id)
            ? id!
            : throw new InputValidationException(field, $"'{field}' must be 1–64 characters of letters, digits, '-', '_' or '.', starting with a letter or digit.");

    /// <summary>Row key that sorts newest first.</summary>
    public static string NewestFirst(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Row key that sorts oldest first.</summary>
    public static string OldestFirst(DateTimeOffset at) => at.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An OData string literal for a filter.</summary>
    public static string Literal(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
}
