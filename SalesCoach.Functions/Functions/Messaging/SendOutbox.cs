// Owns the timer that drains the Telegram outbox within the rate limits.
using Microsoft.Azure.Functions.Worker;
using Job = SalesCoach.Core.Messaging.SendOutbox;

namespace SalesCoach.Functions.Functions.Messaging;

public sealed class SendOutbox(Job job, ILogger<SendOutbox> logger)
{
    [Function(nameof(SendOutbox))]
    public async Task RunAsync([TimerTrigger("%SalesCoach:OutboxSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await job.RunAsync(cancellationToken);
        if (!result.SinkMode && result.Sent + result.Rescheduled + result.Failed > 0)
        {
            logger.LogInformation("Outbox: {Sent} sent, {Rescheduled} rescheduled, {Failed} failed", result.Sent, result.Rescheduled, result.Failed);
        }
    }
}
