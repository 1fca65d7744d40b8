// Owns the queue function that runs one queued CRM pull.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Crm.Sync;

namespace SalesCoach.Functions.Functions.Crm;

public sealed class RunCrmSync(RunSync sync, ILogger<RunCrmSync> logger)
{
    [Function(nameof(RunCrmSync))]
    public async Task RunAsync([QueueTrigger("%SalesCoach:StoragePrefix%-" + RunSync.QueueName, Connection = "AzureWebJobsStorage")] SyncMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var state = await sync.RunAsync(message.Source, cancellationToken);
        logger.LogInformation("Sync {Source}: {Status}, {Deals} deals, {Rejected} rejected", message.Source, state.Status, state.LastCounts.Deals, state.LastRejected);
    }
}
