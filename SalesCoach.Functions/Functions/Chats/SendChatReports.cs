// Owns the hourly timer that sends daily chat reports (and Monday digests) at each team's report hour.
using Microsoft.Azure.Functions.Worker;
using Job = SalesCoach.Core.Chats.SendChatReports;

namespace SalesCoach.Functions.Functions.Chats;

public sealed class SendChatReports(Job job, ILogger<SendChatReports> logger)
{
    [Function(nameof(SendChatReports))]
    public async Task RunAsync([TimerTrigger("0 0 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await job.RunAsync(force: false, cancellationToken);
        if (result.Due)
        {
            logger.LogInformation("Chat reports: {Teams} teams due, {Managers} manager reports, {TeamViews} team views, weekly {Weekly}",
                result.TeamsDue, result.ManagerReports, result.TeamReports, result.Weekly);
        }
    }
}
