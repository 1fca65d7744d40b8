using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using NCrontab;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Hosting;

/// <summary>
/// Local stand-in for the Functions host's trigger side, used only where Core Tools are absent
/// (started without FUNCTIONS_CUSTOMHANDLER_PORT). It reads the same function.json / host.json, fires
/// timers on their NCrontab schedules, pumps storage queues with the host's retry and poison rules, and
/// delivers every invocation to this handler over loopback HTTP with the host's payload.
/// HTTP triggers need nothing: in standalone mode the handler serves /api/* itself, exactly as it
/// receives forwarded requests under the host (enableForwardingHttpRequest).
/// </summary>
public sealed class StandaloneDispatcher(
    FunctionCatalog catalog,
    StorageAccount storage,
    IConfiguration configuration,
    IServer server,
    IHostApplicationLifetime lifetime,
    IHttpClientFactory httpClients,
    TimeProvider time,
    ILogger<StandaloneDispatcher> logger) : BackgroundService
{
    /// <summary>How long a received message stays invisible while its invocation runs (the host renews a similar lease).</summary>
    private static readonly TimeSpan MessageLease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The host's payload keeps .NET's PascalCase names ("Data", "Metadata", "DequeueCount").</summary>
    private static readonly System.Text.Json.JsonSerializerOptions HostPayloadJson = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForStartAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }
        var self = new Uri(server.Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var loops = new List<Task>();
        foreach (var function in catalog.Functions)
        {
            var trigger = function.Trigger;
            switch (trigger.Type)
            {
                case "timerTrigger":
                    loops.Add(RunTimerAsync(self, function, trigger, stoppingToken));
                    break;
                case "queueTrigger":
                    loops.Add(PumpQueueAsync(self, function, trigger, stoppingToken));
                    break;
                case "httpTrigger":
                    break;
                default:
                    logger.LogWarning("Function {Function} has trigger {Type}, which standalone mode does not dispatch", function.Name, trigger.Type);
                    break;
            }
        }
        logger.LogInformation("Standalone dispatcher: {Count} functions, invoking {Self}", catalog.Functions.Count, self);
        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task.ConfigureAwait(false);
            return true;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private string Resolve(string value) =>
        FunctionCatalog.ResolveSettings(value, name => configuration[name.Replace("__", ":", StringComparison.Ordinal)]);

    private async Task RunTimerAsync(Uri self, FunctionDefinition function, BindingDefinition trigger, CancellationToken stoppingToken)
    {
        var expression = Resolve(trigger.Schedule ?? throw new InvalidOperationException($"{function.Name}: timerTrigger without schedule."));
        var schedule = CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions
        {
            IncludingSeconds = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6,
        });
        DateTime? last = null;
        if (trigger.RunOnStartup)
        {
            await InvokeTimerAsync(self, function, trigger, last, schedule.GetNextOccurrence(time.GetUtcNow().UtcDateTime), stoppingToken).ConfigureAwait(false);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var next = schedule.GetNextOccurrence(now);
            try
            {
                await Task.Delay(next - now, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            // Invocations of one timer never overlap: the next wait starts when this one has returned.
            await InvokeTimerAsync(self, function, trigger, last, schedule.GetNextOccurrence(next), stoppingToken).ConfigureAwait(false);
            last = next;
        }
    }

    private Task<bool> InvokeTimerAsync(Uri self, FunctionDefinition function, BindingDefinition trigger, DateTime? last, DateTime next, CancellationToken stoppingToken)
    {
        var payload = new
        {
            Data = new Dictionary<string, object>
            {
                [trigger.Name] = new
                {
                    Schedule = new { AdjustForDST = true },
                    ScheduleStatus = new { Last = last ?? DateTime.MinValue, Next = next, LastUpdated = time.GetUtcNow().UtcDateTime },
                    IsPastDue = false,
                },
            },
            Metadata = new Dictionary<string, object> { ["sys"] = Sys(function.Name) },
        };
        return InvokeAsync(self, function.Name, payload, stoppingToken);
    }

    private async Task PumpQueueAsync(Uri self, FunctionDefinition function, BindingDefinition trigger, CancellationToken stoppingToken)
    {
        var queueName = Resolve(trigger.QueueName ?? throw new InvalidOperationException($"{function.Name}: queueTrigger without queueName."));
        var settings = catalog.Queues;
        var delay = MinPollingInterval;
        QueueClient? queue = null, poison = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                queue ??= await storage.QueueByFullNameAsync(queueName).ConfigureAwait(false);
                poison ??= await storage.QueueByFullNameAsync(queueName + "-poison").ConfigureAwait(false);
                messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, MessageLease, stoppingToken).ConfigureAwait(false)).Value;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException)
            {
                logger.LogWarning("Queue {Queue} unreachable ({Error}); retrying", queueName, e.Message);
                messages = [];
            }

            if (messages.Length == 0)
            {
                try
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks));
                continue;
            }

            delay = MinPollingInterval;
            await Parallel.ForEachAsync(messages, stoppingToken, (message, token) =>
                new ValueTask(HandleMessageAsync(self, function, trigger, queue!, poison!, message, token))).ConfigureAwait(false);
        }
    }

    private async Task HandleMessageAsync(Uri self, FunctionDefinition function, BindingDefinition trigger, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        var maxDequeueCount = catalog.Queues.MaxDequeueCount;
        if (message.DequeueCount > maxDequeueCount)
        {
            await MoveToPoisonAsync(queue, poison, message, stoppingToken).ConfigureAwait(false);
            return;
        }

        var payload = new
        {
            Data = new Dictionary<string, object> { [trigger.Name] = message.Body.ToString() },
            Metadata = new Dictionary<string, object>
            {
                ["DequeueCount"] = message.DequeueCount,
                ["Id"] = message.MessageId,
                ["PopReceipt"] = message.PopReceipt,
                ["InsertionTime"] = message.InsertedOn ?? DateTimeOffset.MinValue,
                ["ExpirationTime"] = message.ExpiresOn ?? DateTimeOffset.MaxValue,
                ["NextVisibleTime"] = message.NextVisibleOn ?? DateTimeOffset.MinValue,
                ["sys"] = Sys(function.Name),
            },
        };

        var succeeded = await InvokeAsync(self, function.Name, payload, stoppingToken).ConfigureAwait(false);
        try
        {
            if (succeeded)
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken).ConfigureAwait(false);
            }
            else if (message.DequeueCount >= maxDequeueCount)
            {
                await MoveToPoisonAsync(queue, poison, message, stoppingToken).ConfigureAwait(false);
            }
            else
            {
                // As the host does: make the message visible again after host.json's visibilityTimeout.
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: catalog.Queues.VisibilityTimeout, cancellationToken: stoppingToken).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The lease expired and someone else took the message: it will be delivered again.
            logger.LogWarning("Message {MessageId} on {Queue} lost its lease before completion", message.MessageId, queue.Name);
        }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        await poison.SendMessageAsync(message.Body, cancellationToken: stoppingToken).ConfigureAwait(false);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken).ConfigureAwait(false);
        logger.LogWarning("Message {MessageId} moved to {Poison} after {DequeueCount} deliveries", message.MessageId, poison.Name, message.DequeueCount);
    }

    private object Sys(string methodName) => new
    {
        MethodName = methodName,
        UtcNow = time.GetUtcNow().UtcDateTime,
        RandGuid = Guid.NewGuid().ToString(),
    };

    private async Task<bool> InvokeAsync(Uri self, string functionName, object payload, CancellationToken stoppingToken)
    {
        try
        {
            using var client = httpClients.CreateClient(nameof(StandaloneDispatcher));
            using var response = await client.PostAsJsonAsync(new Uri(self, functionName), payload, HostPayloadJson, stoppingToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Invocation of {Function} failed with {Status}", functionName, (int)response.StatusCode);
            }
            return response.IsSuccessStatusCode;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning("Invocation of {Function} could not reach the handler: {Error}", functionName, e.Message);
            return false;
        }
    }
}
