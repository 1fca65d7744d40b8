// Owns the 15-minute timer that queues a pull of every configured CRM.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Crm.Sync;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Functions.Crm;

public sealed class SyncTimer(RunSync sync, ILogger<SyncTimer> logger)
{
    [Function(nameof(SyncTimer))]
    public async Task RunAsync([TimerTrigger("0 */15 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        foreach (var source in sync.Sources.Where(s => s.IsConfigured))
        {
            try
            {
                await sync.QueueAsync(source.Name, cancellationToken);
                logger.LogInformation("Sync of {Source} queued", source.Name);
            }
            catch (ConflictException e)
            {
                logger.LogInformation("Sync of {Source} not queued: {Reason}", source.Name, e.Message);
            }
        }
    }
}
