// Owns validating the LLM's advice beyond what its schema checks.
using System.Text.Json;

namespace SalesCoach.Core.Deals.Coaching;

/// <summary>The LLM's answer did not match the schema or its limits; the message names the field.</summary>
public sealed class InvalidLlmOutputException(string field, string message) : Exception($"{field}: {message}")
{
    public string Field { get; } = field;
}

/// <summary>
/// Validates the LLM's JSON against the coaching schema and the limits a Telegram card can carry.
/// Structured outputs usually guarantee the shape; the limits and ranges are ours to check.
/// </summary>
public static class LlmAdviceParser
{
    public const int MaxTextLength = 600;
    public const int MaxAssessmentLength = 1500;
    public const int MaxListItems = 8;

    public static CoachingAdvice Parse(string? json, string source)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new InvalidLlmOutputException("$", "the answer is empty");
        }
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidLlmOutputException("$", $"not JSON ({e.Message})");
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidLlmOutputException("$", "not a JSON object");
        }

        var probability = Required(root, "conversion_probability", JsonValueKind.Number);
        if (!probability.TryGetInt32(out var percent) || percent is < 0 or > 100)
        {
            throw new InvalidLlmOutputException("conversion_probability", "must be a whole number from 0 to 100");
        }

        return new CoachingAdvice
        {
            Assessment = Text(Required(root, "situation_assessment", JsonValueKind.String), "situation_assessment", MaxAssessmentLength),
            Strengths = Texts(root, "strengths", min: 0),
            Concerns = Texts(root, "concerns", min: 0),
            RedFlags = Texts(root, "red_flags", min: 0),
            Priority = Required(root, "priority", JsonValueKind.String).GetString() switch
            {
                "high" => Priority.High,
                "medium" => Priority.Medium,
                "low" => Priority.Low,
                var other => throw new InvalidLlmOutputException("priority", $"'{other}' is not high, medium or low"),
            },
            ActionItems = ActionItems(root),
            Phrases = Texts(root, "phrases", min: 0),
            ActionPlan = Texts(root, "action_plan", min: 1),
            ConversionProbability = percent,
            Source = source,
        };
    }

    private static List<ActionItem> ActionItems(JsonElement root)
    {
        var items = Required(root, "action_items", JsonValueKind.Array);
        var count = items.GetArrayLength();
        if (count is < 1 or > MaxListItems)
        {
            throw new InvalidLlmOutputException("action_items", $"must hold 1 to {MaxListItems} items, not {count}");
        }
        var result = new List<ActionItem>(count);
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var field = $"action_items[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidLlmOutputException(field, "must be an object");
            }
            var urgency = Required(item, "urgency", JsonValueKind.String, field).GetString() switch
            {
                "urgent" => Urgency.Urgent,
                "this_week" => Urgency.ThisWeek,
                "plan" => Urgency.Plan,
                var other => throw new InvalidLlmOutputException(field + ".urgency", $"'{other}' is not urgent, this_week or plan"),
            };
            result.Add(new ActionItem(
                Text(Required(item, "title", JsonValueKind.String, field), field + ".title", MaxTextLength),
                urgency,
                Text(Required(item, "why", JsonValueKind.String, field), field + ".why", MaxTextLength),
                Text(Required(item, "how", JsonValueKind.String, field), field + ".how", MaxTextLength)));
        }
        return result;
    }

    private static List<string> Texts(JsonElement root, string name, int min)
    {
        var array = Required(root, name, JsonValueKind.Array);
        var count = array.GetArrayLength();
        if (count < min || count > MaxListItems)
        {
            throw new InvalidLlmOutputException(name, $"must hold {min} to {MaxListItems} items, not {count}");
        }
        var index = 0;
        return array.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String
                ? Text(item, $"{name}[{index++}]", MaxTextLength)
                : throw new InvalidLlmOutputException($"{name}[{index}]", "must be a string"))
            .ToList();
    }

    private static string Text(JsonElement element, string field, int maxLength)
    {
        var text = element.GetString()?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new InvalidLlmOutputException(field, "is empty");
        }
        if (text.Length > maxLength)
        {
            throw new InvalidLlmOutputException(field, $"is longer than {maxLength} characters");
        }
        return text;
    }

    private static JsonElement Required(JsonElement parent, string name, JsonValueKind kind, string? path = null)
    {
        var field = path is null ? name : $"{path}.{name}";
        if (!parent.TryGetProperty(name, out var value))
        {
            throw new InvalidLlmOutputException(field, "is missing");
        }
        if (value.ValueKind != kind)
        {
            throw new InvalidLlmOutputException(field, $"must be {kind.ToString().ToLowerInvariant()}, not {value.ValueKind.ToString().ToLowerInvariant()}");
        }
        return value;
    }
}
