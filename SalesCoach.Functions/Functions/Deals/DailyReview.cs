// Owns the hourly timer that starts the daily review for managers whose local time is the review hour.
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Job = SalesCoach.Core.Deals.Runs.DailyReview;

namespace SalesCoach.Functions.Functions.Deals;

public sealed class DailyReview(Job job, ILogger<DailyReview> logger)
{
    [Function(nameof(DailyReview))]
    public async Task RunAsync([TimerTrigger("0 0 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var run = await job.RunAsync(client, cancellationToken);
        logger.LogInformation("{Outcome}", run is null ? "No daily review started this hour" : $"Daily review run {run.Id} started for {run.Total} managers");
    }
}
