using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SalesCoach.Functions.Hosting;

/// <summary>One binding from a function.json.</summary>
public sealed record BindingDefinition(
    string Type,
    string Direction,
    string Name,
    string? Schedule,
    bool RunOnStartup,
    string? QueueName,
    string? Route,
    IReadOnlyList<string> Methods);

/// <summary>A function as the Functions host sees it: its folder name and its function.json bindings.</summary>
public sealed record FunctionDefinition(string Name, IReadOnlyList<BindingDefinition> Bindings)
{
    public BindingDefinition Trigger => Bindings.Single(b => b.Type.EndsWith("Trigger", StringComparison.Ordinal));
}

/// <summary>The queue trigger settings of host.json (extensions.queues), with the Functions defaults.</summary>
public sealed record QueueHostSettings
{
    public int MaxDequeueCount { get; init; } = 5;
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;
    public int BatchSize { get; init; } = 16;
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Reads host.json and every "&lt;Function&gt;/function.json" under the app root: the one source of truth
/// for triggers, schedules and queue names, used by the standalone dispatcher and checked by tests.
/// </summary>
public sealed partial class FunctionCatalog
{
    public FunctionCatalog(string appRoot)
    {
        AppRoot = appRoot;
        var hostJson = Path.Combine(appRoot, "host.json");
        if (!File.Exists(hostJson))
        {
            throw new FileNotFoundException($"host.json not found in the app root '{appRoot}'.", hostJson);
        }
        Host = JsonNode.Parse(File.ReadAllText(hostJson)) ?? throw new JsonException("host.json is empty.");
        Queues = ReadQueueSettings(Host["extensions"]?["queues"]);
        Functions = Directory.EnumerateDirectories(appRoot)
            .Where(dir => File.Exists(Path.Combine(dir, "function.json")))
            .Select(dir => ReadFunction(Path.GetFileName(dir), Path.Combine(dir, "function.json")))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
    }

    public string AppRoot { get; }
    public JsonNode Host { get; }
    public QueueHostSettings Queues { get; }
    public IReadOnlyList<FunctionDefinition> Functions { get; }

    /// <summary>Resolves "%Setting%" tokens the way the Functions host resolves binding expressions from app settings.</summary>
    public static string ResolveSettings(string value, Func<string, string?> setting) =>
        SettingToken().Replace(value, match =>
            setting(match.Groups[1].Value) ?? throw new InvalidOperationException($"App setting '{match.Groups[1].Value}' used in a binding is not set."));

    private static FunctionDefinition ReadFunction(string name, string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path)) ?? throw new JsonException($"{path} is empty.");
        var bindings = (root["bindings"]?.AsArray() ?? throw new JsonException($"{path} has no bindings."))
            .Select(node => new BindingDefinition(
                Type: node!["type"]?.GetValue<string>() ?? throw new JsonException($"{path}: a binding has no type."),
                Direction: node["direction"]?.GetValue<string>() ?? "in",
                Name: node["name"]?.GetValue<string>() ?? throw new JsonException($"{path}: a binding has no name."),
                Schedule: node["schedule"]?.GetValue<string>(),
                RunOnStartup: node["runOnStartup"]?.GetValue<bool>() ?? false,
                QueueName: node["queueName"]?.GetValue<string>(),
                Route: node["route"]?.GetValue<string>(),
                Methods: node["methods"]?.AsArray().Select(m => m!.GetValue<string>()).ToList() ?? []))
            .ToList();
        return new FunctionDefinition(name, bindings);
    }

    private static QueueHostSettings ReadQueueSettings(JsonNode? queues)
    {
        var defaults = new QueueHostSettings();
        if (queues is null)
        {
            return defaults;
        }
        return new QueueHostSettings
        {
            MaxDequeueCount = queues["maxDequeueCount"]?.GetValue<int>() ?? defaults.MaxDequeueCount,
            VisibilityTimeout = queues["visibilityTimeout"] is { } v ? TimeSpan.Parse(v.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) : defaults.VisibilityTimeout,
            BatchSize = queues["batchSize"]?.GetValue<int>() ?? defaults.BatchSize,
            MaxPollingInterval = queues["maxPollingInterval"] is { } p ? TimeSpan.Parse(p.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) : defaults.MaxPollingInterval,
        };
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingToken();
}
