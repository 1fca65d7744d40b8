// Owns standalone mode's Durable engine: the Durable Task Framework with the Azure Storage provider, running this app's orchestrator and activity functions.
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
/// </summary>
public sealed class DurableEngine : BackgroundService
{
    private readonly FunctionIndex index;
    private readonly IServiceProvider services;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger<DurableEngine> logger;
    private readonly DurableTaskShimFactory shims;
    private readonly TimeProvider time;
    private TaskHubWorker? worker;

    public DurableEngine(FunctionIndex index, HostSettings host, StorageOptions storage, IConfiguration configuration, IServiceProvider services, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(storage);
        this.index = index;
        this.services = services;
        this.time = time;
        this.loggerFactory = loggerFactory;
        logger = loggerFactory.CreateLogger<DurableEngine>();
        Converter = new JsonDataConverter(Json.Options);
        shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = Converter }, loggerFactory);
        var durable = host.Durable;
        HubName = FunctionIndex.ResolveSettings(durable.HubName, configuration);
        Service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(storage.ConnectionString),
            TaskHubName = HubName,
            PartitionCount = durable.PartitionCount,
            ControlQueueVisibilityTimeout = durable.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = durable.WorkItemQueueVisibilityTimeout,
            MaxQueuePollingInterval = durable.MaxQueuePollingInterval,
            MaxConcurrentTaskActivityWorkItems = durable.MaxConcurrentActivityFunctions,
            MaxConcurrentTaskOrchestrationWorkItems = durable.MaxConcurrentOrchestratorFunctions,
            // One app per task hub here: no app lease to wait for after a crash. A worker id per process,
            // so a restarted process takes the dead one's partitions when their lease runs out.
            UseAppLease = false,
            ThrowExceptionOnInvalidDedupeStatus = true,
            WorkerId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}",
            LeaseInterval = PartitionLease,
            LeaseRenewInterval = PartitionLease / 3,
            LeaseAcquireInterval = PartitionLease / 3,
            LoggerFactory = loggerFactory,
        });
        Client = new StandaloneDurableTaskClient(Service, Converter, time);
    }

    /// <summary>How long a crashed process keeps its partitions: the bound on recovery after a kill.</summary>
    public static readonly TimeSpan PartitionLease = TimeSpan.FromSeconds(15);

    public string HubName { get; }
    public AzureStorageOrchestrationService Service { get; }
    public DataConverter Converter { get; }
    public StandaloneDurableTaskClient Client { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var invoker = services.GetRequiredService<FunctionInvoker>();
        var orchestrations = index.OfKind(TriggerKind.Orchestration).ToDictionary(f => f.Name, OrchestratorType, StringComparer.Ordinal);
        var activities = index.OfKind(TriggerKind.Activity).ToDictionary(f => f.Name, f => f, StringComparer.Ordinal);
        var delay = TimeSpan.FromMilliseconds(500);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Storage may be away when the app starts: keep trying, as the host's extension does.
                await Service.CreateIfNotExistsAsync().ConfigureAwait(false);
                worker = new TaskHubWorker(
                    Service,
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
                await worker.StartAsync().ConfigureAwait(false);
                logger.LogInformation("Durable engine started: task hub {Hub}, {Orchestrations} orchestrations, {Activities} activities",
                    HubName, orchestrations.Count, activities.Count);
                return;
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Durable engine could not start ({Error}); retrying in {Delay}", e.Message, delay);
                worker = null;
                try
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (worker is not null)
        {
            // In-flight work is safe to abandon: its messages become visible again and are replayed.
            await worker.StopAsync(isForced: true).ConfigureAwait(false);
        }
    }

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
