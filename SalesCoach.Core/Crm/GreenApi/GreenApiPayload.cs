// Owns reading a GREEN-API notification body: strict JSON, every name and string valid Unicode, errors that name the field.
using System.Text.Json;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.GreenApi;

/// <summary>
/// A notification body as a checked JSON tree, and field readers whose errors name the field by its
/// dotted path ("senderData.chatId", "messageData.pollMessageData.options[1].optionName").
/// </summary>
internal static class GreenApiPayload
{
    /// <summary>
    /// Parses the body and checks every property name and string before anything reads it: System.Text.Json
    /// accepts invalid UTF-8 bytes and lone-surrogate escapes ("\ud800") inside strings at parse time and only
    /// throws when the text is read, which would otherwise surface as a 500 from wherever that happens.
    /// A key that appears twice is refused too: which of the two a reader sees is not something to leave open.
    /// </summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            throw new InputValidationException("$", "A JSON body is required.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            throw new InputValidationException("$", $"The body is not valid JSON{where}.");
        }
        try
        {
            Check(document.RootElement, "$");
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    public static string Child(string parent, string name) => parent == "$" ? name : $"{parent}.{name}";

    private static void Check(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        throw new InputValidationException(path, $"A property name in '{path}' is not valid Unicode (invalid UTF-8 or a lone surrogate).");
                    }
                    var child = Child(path, name);
                    if (!seen.Add(name))
                    {
                        throw new InputValidationException(child, $"'{child}' appears more than once.");
                    }
                    Check(property.Value, child);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Check(item, $"{path}[{index++}]");
                }
                break;
            case JsonValueKind.String:
                try
                {
                    _ = element.GetString();
                }
                catch (InvalidOperationException)
                {
                    throw new InputValidationException(path, $"'{path}' is not valid Unicode text (invalid UTF-8 or a lone surrogate).");
                }
                break;
        }
    }

    /// <summary>A non-empty string; missing, null, empty or another JSON type is a 400 naming <paramref name="path"/>.</summary>
    public static string RequiredString(JsonElement parent, string name, string path) =>
        OptionalString(parent, name, path) is { Length: > 0 } text
            ? text
            : throw new InputValidationException(path, $"'{path}' is required.");

    /// <summary>A string, or null when missing or null; another JSON type is a 400 naming <paramref name="path"/>.</summary>
    public static string? OptionalString(JsonElement parent, string name, string path) =>
        Optional(parent, name, path, JsonValueKind.String, "a string")?.GetString();

    public static JsonElement RequiredObject(JsonElement parent, string name, string path) =>
        OptionalObject(parent, name, path) ?? throw new InputValidationException(path, $"'{path}' is required.");

    public static JsonElement? OptionalObject(JsonElement parent, string name, string path) =>
        Optional(parent, name, path, JsonValueKind.Object, "an object");

    public static JsonElement? OptionalArray(JsonElement parent, string name, string path) =>
        Optional(parent, name, path, JsonValueKind.Array, "an array");

    public static double? OptionalNumber(JsonElement parent, string name, string path) =>
        Optional(parent, name, path, JsonValueKind.Number, "a number") is not { } value ? null
        : value.TryGetDouble(out var number) && double.IsFinite(number) ? number
        : throw new InputValidationException(path, $"'{path}' must be a finite number.");

    /// <summary>The value of kind <paramref name="kind"/>, or null when missing or null; another JSON type is a 400 naming <paramref name="path"/>.</summary>
    private static JsonElement? Optional(JsonElement parent, string name, string path, JsonValueKind kind, string what)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == kind
            ? value
            : throw new InputValidationException(path, $"'{path}' must be {what}, not {Describe(value.ValueKind)}.");
    }

    public static long RequiredInteger(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new InputValidationException(path, $"'{path}' must be a whole number.");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
