// Owns what host.json says about HTTP routes, queue triggers and the Durable task hub.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SalesCoach.Functions.Hosting;

/// <summary>host.json extensions.queues, with the Functions host's defaults.</summary>
public sealed record QueueHostSettings
{
    public int MaxDequeueCount { get; init; } = 5;
    /// <summary>The delay before a failed message is delivered again.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;
    public int BatchSize { get; init; } = 16;
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>host.json extensions.durableTask (and its storageProvider), with the Durable Functions defaults.</summary>
public sealed record DurableHostSettings
{
    public string HubName { get; init; } = "TestHubName";
    public int PartitionCount { get; init; } = 4;
    public TimeSpan ControlQueueVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan WorkItemQueueVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(30);
    public int MaxConcurrentActivityFunctions { get; init; } = 10;
    public int MaxConcurrentOrchestratorFunctions { get; init; } = 10;
}

/// <summary>The parts of host.json both modes honour.</summary>
public sealed record HostSettings(string RoutePrefix, QueueHostSettings Queues, DurableHostSettings Durable)
{
    public const string FileName = "host.json";

    public static HostSettings Load(string appRoot)
    {
        var path = Path.Combine(appRoot, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"host.json not found in the app root '{appRoot}'.", path);
        }
        var host = JsonNode.Parse(File.ReadAllText(path)) ?? throw new JsonException("host.json is empty.");
        var extensions = host["extensions"];
        var queues = extensions?["queues"];
        var durable = extensions?["durableTask"];
        var provider = durable?["storageProvider"];
        var q = new QueueHostSettings();
        var d = new DurableHostSettings();
        return new HostSettings(
            extensions?["http"]?["routePrefix"]?.GetValue<string>() ?? "api",
            new QueueHostSettings
            {
                MaxDequeueCount = queues?["maxDequeueCount"]?.GetValue<int>() ?? q.MaxDequeueCount,
                VisibilityTimeout = Time(queues?["visibilityTimeout"]) ?? q.VisibilityTimeout,
                BatchSize = queues?["batchSize"]?.GetValue<int>() ?? q.BatchSize,
                MaxPollingInterval = Time(queues?["maxPollingInterval"]) ?? q.MaxPollingInterval,
            },
            new DurableHostSettings
            {
                HubName = durable?["hubName"]?.GetValue<string>() ?? d.HubName,
                PartitionCount = provider?["partitionCount"]?.GetValue<int>() ?? d.PartitionCount,
                ControlQueueVisibilityTimeout = Time(provider?["controlQueueVisibilityTimeout"]) ?? d.ControlQueueVisibilityTimeout,
                WorkItemQueueVisibilityTimeout = Time(provider?["workItemQueueVisibilityTimeout"]) ?? d.WorkItemQueueVisibilityTimeout,
                MaxQueuePollingInterval = Time(provider?["maxQueuePollingInterval"]) ?? d.MaxQueuePollingInterval,
                MaxConcurrentActivityFunctions = durable?["maxConcurrentActivityFunctions"]?.GetValue<int>() ?? d.MaxConcurrentActivityFunctions,
                MaxConcurrentOrchestratorFunctions = durable?["maxConcurrentOrchestratorFunctions"]?.GetValue<int>() ?? d.MaxConcurrentOrchestratorFunctions,
            });
    }

    private static TimeSpan? Time(JsonNode? value) =>
        value is null ? null : TimeSpan.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture);
}
