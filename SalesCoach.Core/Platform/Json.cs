// Owns the one JSON dialect (snake_case) for storage and the HTTP API.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SalesCoach.Core.Platform;

/// <summary>One JSON dialect for stored documents and the HTTP API: snake_case, as the seeds' API speaks.</summary>
public static class Json
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() });

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        return options;
    }

    /// <summary>An enum value's wire name ("NeedPayoff" → "need_payoff"), as the JSON converter writes it.</summary>
    public static string Name(string pascal) => JsonNamingPolicy.SnakeCaseLower.ConvertName(pascal);

    /// <summary>The wire names of an enum, in declaration order.</summary>
    public static IReadOnlyList<string> Names<TEnum>() where TEnum : struct, Enum => EnumNames<TEnum>.Names;

    /// <summary>Parses an enum by its exact wire name; false for anything else (numbers, other casing).</summary>
    public static bool TryParseName<TEnum>(string raw, out TEnum value) where TEnum : struct, Enum
    {
        var names = EnumNames<TEnum>.Names;
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], raw, StringComparison.Ordinal))
            {
                value = EnumNames<TEnum>.Values[i];
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>Each enum's wire names, worked out once (the import reads one per record).</summary>
    private static class EnumNames<TEnum> where TEnum : struct, Enum
    {
        public static readonly IReadOnlyList<string> Names = Enum.GetNames<TEnum>().Select(Name).ToList().AsReadOnly();
        public static readonly TEnum[] Values = Enum.GetValues<TEnum>();
    }

    /// <summary>
    /// A JSON reading error as a 400 that names the JSON path and position, never a .NET type
    /// (<see cref="JsonException.Message"/> does: "could not be converted to System.…").
    /// </summary>
    public static InputValidationException Invalid(JsonException e, string what = "the body")
    {
        ArgumentNullException.ThrowIfNull(e);
        var path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
        var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
        var problem = e.InnerException is null && e.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? $"'{path}' in {what} has the wrong JSON type"
            : $"{what} is not valid JSON at '{path}'";
        return new InputValidationException(path, char.ToUpperInvariant(problem[0]) + problem[1..] + where + ".");
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Stored JSON for {typeof(T).Name} was null.");
}
