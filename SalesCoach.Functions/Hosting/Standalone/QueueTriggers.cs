// Owns pumping the storage queues of queue functions (from functions.metadata) with the host's lease, retry and poison rules.
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Hosting.Standalone;

/// <summary>
/// One pump per queue function. A received message is leased for <see cref="Lease"/> and the lease
/// is renewed while the function runs, so a crashed process gives its messages back within that
/// time; a failure makes the message visible again after host.json's visibilityTimeout; after
/// maxDequeueCount deliveries it moves to "&lt;queue&gt;-poison". Storage errors never stop a pump: it
/// backs off (up to <see cref="MaxBackoff"/>) and resumes when storage answers again.
/// </summary>
public sealed class QueueTriggers(FunctionIndex index, HostSettings host, FunctionInvoker invoker, StorageAccount storage, IConfiguration configuration, TimeProvider time, ILogger<QueueTriggers> logger) : BackgroundService
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(index.OfKind(TriggerKind.Queue).Select(function => PumpAsync(function, stoppingToken)));

    private async Task PumpAsync(FunctionEntry function, CancellationToken stoppingToken)
    {
        var queueName = FunctionIndex.ResolveSettings(function.QueueName!, configuration);
        var settings = host.Queues;
        var idle = MinPollingInterval;
        var backoff = TimeSpan.FromMilliseconds(250);
        QueueClient? queue = null, poison = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                queue ??= await storage.QueueByFullNameAsync(queueName).ConfigureAwait(false);
                poison ??= await storage.QueueByFullNameAsync(queueName + "-poison").ConfigureAwait(false);
                messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, Lease, stoppingToken).ConfigureAwait(false)).Value;
                backoff = TimeSpan.FromMilliseconds(250);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException or TimeoutException or OperationCanceledException)
            {
                logger.LogWarning("Queue {Queue} unreachable ({Error}); retrying in {Delay}", queueName, e.Message, backoff);
                if (!await DelayAsync(backoff, stoppingToken).ConfigureAwait(false))
                {
                    return;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                continue;
            }

            if (messages.Length == 0)
            {
                if (!await DelayAsync(idle, stoppingToken).ConfigureAwait(false))
                {
                    return;
                }
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, settings.MaxPollingInterval.Ticks));
                continue;
            }
            idle = MinPollingInterval;
            try
            {
                await Parallel.ForEachAsync(messages, stoppingToken, (message, token) =>
                    new ValueTask(HandleAsync(function, queue!, poison!, message, token))).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task HandleAsync(FunctionEntry function, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        var maxDequeueCount = host.Queues.MaxDequeueCount;
        try
        {
            if (message.DequeueCount > maxDequeueCount)
            {
                await MoveToPoisonAsync(queue, poison, message, stoppingToken).ConfigureAwait(false);
                return;
            }

            var receipt = new LeaseReceipt(message.PopReceipt);
            using var renewing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var renewal = RenewAsync(queue, message.MessageId, receipt, renewing.Token);
            var succeeded = false;
            try
            {
                await using var scope = invoker.CreateScope();
                await invoker.InvokeAsync(function, scope.ServiceProvider, new TriggerInput(message.Body.ToString(), message.DequeueCount), null, stoppingToken).ConfigureAwait(false);
                succeeded = true;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Queue function {Function} failed on message {MessageId} (delivery {DequeueCount} of {Max})",
                    function.Name, message.MessageId, message.DequeueCount, maxDequeueCount);
            }
            finally
            {
                await renewing.CancelAsync().ConfigureAwait(false);
                await renewal.ConfigureAwait(false);
            }

            if (succeeded)
            {
                await queue.DeleteMessageAsync(message.MessageId, receipt.Value, stoppingToken).ConfigureAwait(false);
            }
            else if (message.DequeueCount >= maxDequeueCount)
            {
                await MoveToPoisonAsync(queue, poison, (message, receipt), stoppingToken).ConfigureAwait(false);
            }
            else if (!stoppingToken.IsCancellationRequested)
            {
                await queue.UpdateMessageAsync(message.MessageId, receipt.Value, visibilityTimeout: host.Queues.VisibilityTimeout, cancellationToken: stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the lease runs out and the message is delivered again.
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException or TimeoutException)
        {
            // The lease expired or storage is away: the message becomes visible again and is redelivered.
            logger.LogWarning("Message {MessageId} on {Queue} could not be settled ({Error}); it will be delivered again", message.MessageId, queue.Name, e.Message);
        }
    }

    /// <summary>Keeps the message invisible while its function runs (every third of the lease).</summary>
    private async Task RenewAsync(QueueClient queue, string messageId, LeaseReceipt receipt, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await Task.Delay(Lease / 3, time, cancellationToken).ConfigureAwait(false);
                var updated = await queue.UpdateMessageAsync(messageId, receipt.Value, visibilityTimeout: Lease, cancellationToken: cancellationToken).ConfigureAwait(false);
                receipt.Value = updated.Value.PopReceipt;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or TimeoutException)
            {
                logger.LogWarning("Lease of message {MessageId} not renewed ({Error})", messageId, e.Message);
            }
        }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, (QueueMessage Message, LeaseReceipt? Receipt) item, CancellationToken stoppingToken)
    {
        var (message, receipt) = item;
        await poison.SendMessageAsync(message.Body, cancellationToken: stoppingToken).ConfigureAwait(false);
        await queue.DeleteMessageAsync(message.MessageId, receipt?.Value ?? message.PopReceipt, stoppingToken).ConfigureAwait(false);
        logger.LogWarning("Message {MessageId} moved to {Poison} after {DequeueCount} deliveries", message.MessageId, poison.Name, message.DequeueCount);
    }

    private Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken) =>
        MoveToPoisonAsync(queue, poison, (message, null), stoppingToken);

    /// <summary>The pop receipt changes with every lease renewal; settling needs the latest.</summary>
    private sealed class LeaseReceipt(string value)
    {
        public string Value { get; set; } = value;
    }
}
