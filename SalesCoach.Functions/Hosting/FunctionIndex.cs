// Owns the list of functions as the Worker SDK generated it (functions.metadata): names, triggers, routes, schedules, queues, entry points.
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SalesCoach.Functions.Hosting;

public enum TriggerKind
{
    Http,
    Timer,
    Queue,
    Orchestration,
    Activity,
}

/// <summary>One function of functions.metadata, with its trigger binding and the method it runs.</summary>
public sealed record FunctionEntry(string Name, string EntryPoint, TriggerKind Kind, JsonObject Trigger, IReadOnlyList<JsonObject> Bindings, MethodInfo Method)
{
    public string TriggerParameter => Trigger["name"]!.GetValue<string>();
    public string? Route => Trigger["route"]?.GetValue<string>();
    public IReadOnlyList<string> Methods => Trigger["methods"]?.AsArray().Select(m => m!.GetValue<string>().ToUpperInvariant()).ToList() ?? [];
    public string? AuthLevel => Trigger["authLevel"]?.GetValue<string>();
    public string? Schedule => Trigger["schedule"]?.GetValue<string>();
    public bool RunOnStartup => Trigger["runOnStartup"]?.GetValue<bool>() ?? false;
    public string? QueueName => Trigger["queueName"]?.GetValue<string>();
}

/// <summary>
/// Reads functions.metadata, the file the Worker SDK writes beside the app at build time and the
/// Functions host reads to index the app. It is the one definition of every trigger: the standalone
/// host serves routes, fires schedules and pumps queues from it, the OpenAPI document lists its
/// routes, and a test compares it with the README.
/// </summary>
public sealed partial class FunctionIndex
{
    public const string FileName = "functions.metadata";

    private FunctionIndex(IReadOnlyList<FunctionEntry> functions) => Functions = functions;

    public IReadOnlyList<FunctionEntry> Functions { get; }

    public IEnumerable<FunctionEntry> OfKind(TriggerKind kind) => Functions.Where(f => f.Kind == kind);

    public static FunctionIndex Load(string appRoot, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var path = Path.Combine(appRoot, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{FileName} not found in '{appRoot}': build the app with the Azure Functions Worker SDK.", path);
        }
        var items = JsonNode.Parse(File.ReadAllText(path))?.AsArray() ?? throw new JsonException($"{path} is empty.");
        var functions = items.Select(item => Read(item!.AsObject(), assembly)).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        return new FunctionIndex(functions);
    }

    /// <summary>Resolves "%Setting%" tokens the way the Functions host resolves binding expressions from app settings.</summary>
    public static string ResolveSettings(string value, Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return SettingToken().Replace(value, match =>
            setting(match.Groups[1].Value) ?? throw new InvalidOperationException($"App setting '{match.Groups[1].Value}' used in a binding is not set."));
    }

    private static FunctionEntry Read(JsonObject item, Assembly assembly)
    {
        var name = item["name"]?.GetValue<string>() ?? throw new JsonException("A function has no name.");
        var entryPoint = item["entryPoint"]?.GetValue<string>() ?? throw new JsonException($"{name} has no entryPoint.");
        var bindings = item["bindings"]?.AsArray().Select(b => b!.AsObject()).ToList() ?? throw new JsonException($"{name} has no bindings.");
        var trigger = bindings.Single(b => b["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal));
        var kind = trigger["type"]!.GetValue<string>() switch
        {
            "httpTrigger" => TriggerKind.Http,
            "timerTrigger" => TriggerKind.Timer,
            "queueTrigger" => TriggerKind.Queue,
            "orchestrationTrigger" => TriggerKind.Orchestration,
            "activityTrigger" => TriggerKind.Activity,
            var other => throw new NotSupportedException($"{name}: trigger '{other}' is not one this app uses."),
        };
        var split = entryPoint.LastIndexOf('.');
        var type = assembly.GetType(entryPoint[..split], throwOnError: true)!;
        var method = type.GetMethod(entryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            ?? throw new MissingMethodException(type.FullName, entryPoint[(split + 1)..]);
        return new FunctionEntry(name, entryPoint, kind, trigger, bindings, method);
    }

    /// <summary>Resolves "%Setting%" tokens from configuration ("A__B" and "A:B" name the same setting).</summary>
    public static string ResolveSettings(string value, IConfiguration configuration) =>
        ResolveSettings(value, name => configuration[name.Replace("__", ":", StringComparison.Ordinal)]);

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingToken();
}
