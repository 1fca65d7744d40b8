// Owns standalone mode's Durable engine: the Durable Task Framework with the Azure Storage provider, running this app's orchestrator and activity functions.
using Azure.Data.Tables;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Hosting.Standalone;

/// <summary>
/// Runs the orchestrator and activity functions of functions.metadata on DurableTask.Core and the
/// Azure Storage provider (Azurite locally), the engine the Functions host's Durable extension uses.
/// The public <see cref="DurableTaskShimFactory"/> of Microsoft.DurableTask.Worker bridges them: an
/// orchestrator function's class is itself the <see cref="ITaskOrchestrator"/>; an activity function is
/// invoked with its typed input through <see cref="FunctionInvoker"/>. Task hub name, partitions,
/// queue visibility and polling come from host.json's durableTask section, as under the host.
///
/// Storage outages: the engine watches storage and, when it answers again after an outage, starts a
/// fresh worker. The Azure Storage provider keeps in-memory track of the work items it is running; one
/// whose completion failed during the outage stays tracked, and when its message reappears it is refused
/// as "processed multiple times concurrently" for as long as the process lives. A fresh worker forgets them.
/// </summary>
public sealed class DurableEngine : BackgroundService
{
    /// <summary>How long a crashed process keeps its partitions: the bound on recovery after a kill.</summary>
    public static readonly TimeSpan PartitionLease = TimeSpan.FromSeconds(15);

    /// <summary>How often storage is probed, and how long it must have been away to restart the worker.</summary>
    public static readonly TimeSpan StorageProbeInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan OutageWorthARestart = TimeSpan.FromSeconds(3);

    private readonly FunctionIndex index;
    private readonly IServiceProvider services;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger<DurableEngine> logger;
    private readonly DurableTaskShimFactory shims;
    private readonly TimeProvider time;
    private readonly DurableHostSettings durable;
    private readonly StorageOptions storage;
    private readonly TableServiceClient probe;
    private readonly Lock swap = new();
    private AzureStorageOrchestrationService service;
    private TaskHubWorker? worker;

    public DurableEngine(FunctionIndex index, HostSettings host, StorageOptions storage, IConfiguration configuration, IServiceProvider services, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(storage);
        this.index = index;
        this.services = services;
        this.time = time;
        this.loggerFactory = loggerFactory;
        this.storage = storage;
        durable = host.Durable;
        logger = loggerFactory.CreateLogger<DurableEngine>();
        Converter = new JsonDataConverter(Json.Options);
        shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = Converter }, loggerFactory);
        HubName = FunctionIndex.ResolveSettings(durable.HubName, configuration);
        probe = new TableServiceClient(storage.ConnectionString, new TableClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(2) } });
        service = NewService();
        Client = new StandaloneDurableTaskClient(() => service, Converter, time);
    }

    public string HubName { get; }
    public DataConverter Converter { get; }
    public StandaloneDurableTaskClient Client { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await StartWorkerAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }
        DateTimeOffset? outageSince = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(StorageProbeInterval, time, stoppingToken).ConfigureAwait(false);
                await probe.GetPropertiesAsync(stoppingToken).ConfigureAwait(false);
                if (outageSince is { } since && time.GetUtcNow() - since >= OutageWorthARestart)
                {
                    logger.LogWarning("Storage answers again after {Seconds:F0} s away: starting a fresh Durable worker", (time.GetUtcNow() - since).TotalSeconds);
                    await StopWorkerAsync().ConfigureAwait(false);
                    lock (swap)
                    {
                        service = NewService();
                    }
                    if (!await StartWorkerAsync(stoppingToken).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                outageSince = null;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or TimeoutException or OperationCanceledException or AggregateException)
            {
                outageSince ??= time.GetUtcNow();
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await StopWorkerAsync().ConfigureAwait(false);
    }

    /// <summary>Creates the task hub if needed and starts a worker on the current service; retried while storage is away.</summary>
    private async Task<bool> StartWorkerAsync(CancellationToken stoppingToken)
    {
        var invoker = services.GetRequiredService<FunctionInvoker>();
        var orchestrations = index.OfKind(TriggerKind.Orchestration).ToDictionary(f => f.Name, OrchestratorType, StringComparer.Ordinal);
        var activities = index.OfKind(TriggerKind.Activity).ToDictionary(f => f.Name, f => f, StringComparer.Ordinal);
        var delay = TimeSpan.FromMilliseconds(500);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await service.CreateIfNotExistsAsync().ConfigureAwait(false);
                var next = new TaskHubWorker(
                    service,
                    new FactoryObjectManager<TaskOrchestration>(name => orchestrations.TryGetValue(name, out var type)
                        ? shims.CreateOrchestration(new TaskName(name), (ITaskOrchestrator)Activator.CreateInstance(type)!)
                        : null),
                    new FactoryObjectManager<TaskActivity>(name => activities.TryGetValue(name, out var function)
                        ? shims.CreateActivity(new TaskName(name), new FunctionActivity(function, invoker, stoppingToken))
                        : null),
                    loggerFactory)
                {
                    ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
                };
                await next.StartAsync().ConfigureAwait(false);
                worker = next;
                logger.LogInformation("Durable engine started: task hub {Hub}, {Orchestrations} orchestrations, {Activities} activities",
                    HubName, orchestrations.Count, activities.Count);
                return true;
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e)
            {
                logger.LogWarning("Durable engine could not start ({Error}); retrying in {Delay}", e.Message, delay);
                try
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
        return false;
    }

    private async Task StopWorkerAsync()
    {
        if (Interlocked.Exchange(ref worker, null) is { } running)
        {
            try
            {
                // In-flight work is safe to abandon: its messages become visible again and are replayed.
                await running.StopAsync(isForced: true).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or TimeoutException or InvalidOperationException or AggregateException)
            {
                logger.LogWarning("The Durable worker did not stop cleanly ({Error}); its leases run out on their own", e.Message);
            }
        }
    }

    private AzureStorageOrchestrationService NewService() => new(new AzureStorageOrchestrationServiceSettings
    {
        StorageAccountClientProvider = new StorageAccountClientProvider(storage.ConnectionString),
        TaskHubName = HubName,
        PartitionCount = durable.PartitionCount,
        ControlQueueVisibilityTimeout = durable.ControlQueueVisibilityTimeout,
        WorkItemQueueVisibilityTimeout = durable.WorkItemQueueVisibilityTimeout,
        MaxQueuePollingInterval = durable.MaxQueuePollingInterval,
        MaxConcurrentTaskActivityWorkItems = durable.MaxConcurrentActivityFunctions,
        MaxConcurrentTaskOrchestrationWorkItems = durable.MaxConcurrentOrchestratorFunctions,
        // One app per task hub here: no app lease to wait for after a crash. A worker id per worker, so a
        // restarted process (or a fresh worker) takes the old one's partitions when they are released or run out.
        UseAppLease = false,
        ThrowExceptionOnInvalidDedupeStatus = true,
        WorkerId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}",
        LeaseInterval = PartitionLease,
        LeaseRenewInterval = PartitionLease / 3,
        LeaseAcquireInterval = PartitionLease / 3,
        LoggerFactory = loggerFactory,
    });

    private static Type OrchestratorType(FunctionEntry function) =>
        typeof(ITaskOrchestrator).IsAssignableFrom(function.Method.DeclaringType) && function.Method.DeclaringType!.GetConstructor(Type.EmptyTypes) is not null
            ? function.Method.DeclaringType
            : throw new InvalidOperationException($"Orchestrator function {function.Name}: its class must be an ITaskOrchestrator with a parameterless constructor, so both modes run the same code.");

    /// <summary>Creates a fresh object per work item, as DurableTask.Core expects.</summary>
    private sealed class FactoryObjectManager<T>(Func<string, T?> create) : INameVersionObjectManager<T> where T : class
    {
        public void Add(ObjectCreator<T> creator) => throw new NotSupportedException("Functions come from functions.metadata.");

        public T? GetObject(string name, string? version) => create(name);
    }

    /// <summary>An activity function as an <see cref="ITaskActivity"/>: its trigger parameter's type is the input type.</summary>
    private sealed class FunctionActivity(FunctionEntry function, FunctionInvoker invoker, CancellationToken stopping) : ITaskActivity
    {
        public Type InputType { get; } = function.Method.GetParameters().Single(p => p.Name == function.TriggerParameter).ParameterType;

        public Type OutputType { get; } = function.Method.ReturnType.IsGenericType ? function.Method.ReturnType.GetGenericArguments()[0] : typeof(object);

        public async Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            await using var scope = invoker.CreateScope();
            return await invoker.InvokeAsync(function, scope.ServiceProvider, new TriggerInput(input), null, stopping).ConfigureAwait(false);
        }
    }
}
