// Owns the assistant's queue and timers: answering queued WhatsApp messages, draining the WhatsApp outbox, sending due nudges.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Assistant;
using SalesCoach.Core.Assistant.Nudges;
using SalesCoach.Core.Assistant.Outgoing;

namespace SalesCoach.Functions.Functions.Assistant;

public sealed class AnswerWhatsAppMessage(AnswerClientMessage job)
{
    [Function(nameof(AnswerWhatsAppMessage))]
    public async Task RunAsync([QueueTrigger("%SalesCoach:StoragePrefix%-" + QueueClientMessage.QueueName, Connection = "AzureWebJobsStorage")] AssistantQueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await job.RunAsync(new IncomingMessage(message.Phone, message.MessageId, message.Text, message.At, Simulation: false), cancellationToken);
    }
}

public sealed class SendWhatsAppOutbox(Core.Assistant.Outgoing.SendWhatsAppOutbox job, ILogger<SendWhatsAppOutbox> logger)
{
    [Function(nameof(SendWhatsAppOutbox))]
    public async Task RunAsync([TimerTrigger("%Assistant:OutboxSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await job.RunAsync(cancellationToken);
        if (!result.SinkMode && result.Sent + result.Rescheduled + result.Failed + result.Uncertain > 0)
        {
            logger.LogInformation("WhatsApp outbox: {Sent} sent, {Rescheduled} rescheduled, {Failed} failed, {Uncertain} uncertain", result.Sent, result.Rescheduled, result.Failed, result.Uncertain);
        }
    }
}

public sealed class SendNudges(Core.Assistant.Nudges.SendNudges job)
{
    [Function(nameof(SendNudges))]
    public async Task RunAsync([TimerTrigger("%Assistant:NudgeSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        await job.RunAsync(cancellationToken);
}
