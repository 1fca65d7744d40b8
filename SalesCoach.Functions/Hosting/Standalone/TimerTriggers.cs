// Owns firing timer functions on their schedules (from functions.metadata) where no Functions host runs.
using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace SalesCoach.Functions.Hosting.Standalone;

/// <summary>
/// One loop per timer function: six-field NCrontab schedules in UTC (as on Linux Functions without
/// WEBSITE_TIME_ZONE), runOnStartup honoured, invocations of one timer never overlap. A failing
/// invocation is logged and the schedule goes on, as under the host.
/// </summary>
public sealed class TimerTriggers(FunctionIndex index, FunctionInvoker invoker, IConfiguration configuration, TimeProvider time, ILogger<TimerTriggers> logger) : BackgroundService
{
    public static CrontabSchedule Parse(string expression) => CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions
    {
        IncludingSeconds = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6,
    });

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(index.OfKind(TriggerKind.Timer).Select(function => RunAsync(function, stoppingToken)));

    private async Task RunAsync(FunctionEntry function, CancellationToken stoppingToken)
    {
        var expression = FunctionIndex.ResolveSettings(function.Schedule!, configuration);
        var schedule = Parse(expression);
        DateTime? last = null;
        if (function.RunOnStartup)
        {
            await InvokeAsync(function, last, schedule.GetNextOccurrence(time.GetUtcNow().UtcDateTime), stoppingToken).ConfigureAwait(false);
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
            await InvokeAsync(function, last, schedule.GetNextOccurrence(next), stoppingToken).ConfigureAwait(false);
            last = next;
        }
    }

    private async Task InvokeAsync(FunctionEntry function, DateTime? last, DateTime next, CancellationToken stoppingToken)
    {
        var timer = new TimerInfo
        {
            IsPastDue = false,
            ScheduleStatus = new ScheduleStatus { Last = last ?? DateTime.MinValue, Next = next, LastUpdated = time.GetUtcNow().UtcDateTime },
        };
        try
        {
            await using var scope = invoker.CreateScope();
            await invoker.InvokeAsync(function, scope.ServiceProvider, new TriggerInput(timer), null, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Timer function {Function} failed", function.Name);
        }
    }
}
