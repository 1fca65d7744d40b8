// Owns the minute timer that starts the periodic monitoring run when it is due.
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Job = SalesCoach.Core.Deals.Runs.MonitoringTick;

namespace SalesCoach.Functions.Functions.Deals;

public sealed class MonitoringTick(Job job, ILogger<MonitoringTick> logger)
{
    [Function(nameof(MonitoringTick))]
    public async Task RunAsync([TimerTrigger("0 * * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (await job.RunAsync(client, cancellationToken) is { } run)
        {
            logger.LogInformation("Monitoring run {RunId} started for {Total} managers", run.Id, run.Total);
        }
    }
}
