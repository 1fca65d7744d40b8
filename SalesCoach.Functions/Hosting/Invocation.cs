using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SalesCoach.Functions.Hosting;

/// <summary>
/// The custom-handler request payload: what the Functions host POSTs to "/{FunctionName}" for a
/// non-HTTP trigger. "Data" holds the trigger and input bindings by binding name; "Metadata" the trigger metadata.
/// </summary>
public sealed class InvocationRequest
{
    [JsonPropertyName("Data")]
    public Dictionary<string, JsonElement> Data { get; init; } = [];

    [JsonPropertyName("Metadata")]
    public Dictionary<string, JsonElement> Metadata { get; init; } = [];

    /// <summary>
    /// A queue message's body. The host passes the message text as a JSON string; a host that already
    /// parsed JSON content passes the object. Both are accepted.
    /// </summary>
    public T QueueMessage<T>(string bindingName)
    {
        if (!Data.TryGetValue(bindingName, out var element))
        {
            throw new InvalidInvocationException($"Data.{bindingName} is missing.");
        }
        try
        {
            var message = element.ValueKind == JsonValueKind.String
                ? JsonSerializer.Deserialize<T>(element.GetString()!, Core.Platform.Json.Options)
                : element.Deserialize<T>(Core.Platform.Json.Options);
            return message ?? throw new InvalidInvocationException($"Data.{bindingName} is null.");
        }
        catch (JsonException e)
        {
            throw new InvalidInvocationException($"Data.{bindingName} is not a valid {typeof(T).Name}: {e.Message}");
        }
    }

    /// <summary>Metadata.DequeueCount (the host sends a number; older hosts a string). 1 when absent.</summary>
    public int DequeueCount()
    {
        if (!Metadata.TryGetValue("DequeueCount", out var value))
        {
            return 1;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var n) => n,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => throw new InvalidInvocationException("Metadata.DequeueCount is not a whole number."),
        };
    }
}

/// <summary>The custom-handler response payload.</summary>
public sealed class InvocationResponse
{
    /// <summary>Output binding values by binding name.</summary>
    [JsonPropertyName("Outputs")]
    public Dictionary<string, object?> Outputs { get; init; } = [];

    /// <summary>Lines the host writes to the invocation log.</summary>
    [JsonPropertyName("Logs")]
    public List<string> Logs { get; init; } = [];

    /// <summary>Value for a "$return" output binding.</summary>
    [JsonPropertyName("ReturnValue")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public object? ReturnValue { get; init; }

    public static InvocationResponse Completed(params string[] logs) => new() { Logs = [.. logs] };
}

/// <summary>The invocation payload itself is unusable (missing binding, bad JSON): a 400 to the host.</summary>
public sealed class InvalidInvocationException(string message) : Exception(message);
