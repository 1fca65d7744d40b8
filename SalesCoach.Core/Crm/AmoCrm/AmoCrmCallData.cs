// Owns reading an amoCRM call note's data (duration, phone, recording link) from its params or from the JSON in its text.
using System.Globalization;
using System.Text.Json;

namespace SalesCoach.Core.Crm.AmoCrm;

/// <summary>
/// amoCRM call notes carry DURATION, PHONE, LINK (and UNIQ, SRC) either as params or as a JSON object in
/// the note's text, depending on the telephony integration and API version; key case varies. Both are read;
/// the JSON is never kept as the note's text.
/// </summary>
public sealed record AmoCrmCallData(int? DurationSeconds, string? Phone, string? Link)
{
    public const int MaxDurationSeconds = 86_400;

    /// <summary>A short human text for the activity: "+7 916 … · запись: https://…".</summary>
    public string? Summary => (Phone, Link) switch
    {
        (null, null) => null,
        (var phone, null) => phone,
        (null, var link) => "запись: " + link,
        var (phone, link) => $"{phone} · запись: {link}",
    };

    /// <summary>Reads the call data; a malformed duration is a <see cref="FormatException"/> naming the key.</summary>
    public static AmoCrmCallData Read(IReadOnlyDictionary<string, string> parameters, string? text)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var values = new Dictionary<string, string>(parameters, StringComparer.OrdinalIgnoreCase);
        if (IsJsonObject(text))
        {
            try
            {
                using var json = JsonDocument.Parse(text!);
                foreach (var property in json.RootElement.EnumerateObject())
                {
                    values.TryAdd(property.Name, property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText());
                }
            }
            catch (JsonException)
            {
                // Text that only looks like JSON stays text; nothing to read from it.
            }
        }
        int? duration = null;
        if (values.TryGetValue("duration", out var raw) && raw.Length > 0)
        {
            duration = int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= MaxDurationSeconds
                ? seconds
                : throw new FormatException($"duration '{raw}' must be 0–{MaxDurationSeconds} seconds");
        }
        return new AmoCrmCallData(duration, Clean(values.GetValueOrDefault("phone")), Clean(values.GetValueOrDefault("link")));
    }

    /// <summary>True when the text is a JSON object (a call's data), which must not be stored as the note's text.</summary>
    public static bool IsJsonObject(string? text) => text is { Length: > 1 } t && t.TrimStart().StartsWith('{') && t.TrimEnd().EndsWith('}');

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim()[..Math.Min(value.Trim().Length, 500)];
}
