// Owns query-string parsing whose errors name the parameter.
using System.Globalization;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Hosting;

/// <summary>Query-string parsing whose errors name the parameter (400 problem+json via the exception handler).</summary>
public static class QueryValues
{
    public static bool Bool(string? value, string name, bool defaultValue) => value switch
    {
        null or "" => defaultValue,
        _ when bool.TryParse(value, out var parsed) => parsed,
        "1" => true,
        "0" => false,
        _ => throw new InputValidationException(name, $"'{name}' must be true or false, not '{value}'."),
    };

    public static int Int(string? value, string name, int defaultValue, int min, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return defaultValue;
        }
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            throw new InputValidationException(name, $"'{name}' must be a whole number from {min} to {max}, not '{value}'.");
        }
        return parsed;
    }

    public static TEnum? Enum<TEnum>(string? value, string name) where TEnum : struct, System.Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (!System.Enum.TryParse<TEnum>(value.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var parsed) || !System.Enum.IsDefined(parsed) || int.TryParse(value, out _))
        {
            var allowed = string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
            throw new InputValidationException(name, $"'{name}' must be one of {allowed}, not '{value}'.");
        }
        return parsed;
    }
}
