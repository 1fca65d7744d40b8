// Owns the health check: storage, queues and their poison counts, the outbox backlog, and each agent job's last run.
using System.Diagnostics;
using SalesCoach.Core.Crm.AmoCrm;
using SalesCoach.Core.Crm.Sync;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Agent;

public sealed record QueueHealth(string Queue, int Waiting, int Poison);

public sealed record OutboxHealth(int Pending, int DueNow, double? OldestDueSeconds, int Failed, int Uncertain);

/// <summary>
/// GET /api/health and the 15-minute job: "unhealthy" when storage does not answer; "degraded" when a poison queue
/// holds messages, a job's last run failed, or due outbox messages have waited over <see cref="BacklogLimit"/>;
/// else "healthy".
/// </summary>
public sealed record HealthReport(string Status, DateTimeOffset CheckedAt, bool Storage, double StorageMilliseconds, IReadOnlyList<QueueHealth> Queues,
    OutboxHealth? Outbox, IReadOnlyList<JobRun> Jobs, IReadOnlyList<string> Problems);

public sealed class HealthCheck(StorageAccount storage, OutboxRepository outbox, TimeProvider time)
{
    public static readonly TimeSpan BacklogLimit = TimeSpan.FromMinutes(5);
    private const int CountCap = 5000;

    public static IReadOnlyList<string> QueueNames { get; } = [AmoCrmDeliveries.QueueName, RunSync.QueueName];

    public async Task<HealthReport> RunAsync(IReadOnlyList<JobRun> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var now = time.GetUtcNow();
        var problems = new List<string>();
        var clock = Stopwatch.StartNew();
        OutboxHealth? outboxHealth = null;
        var queues = new List<QueueHealth>();
        bool storageUp;
        try
        {
            var pending = await outbox.ListAsync(OutboxStatus.Pending, null, CountCap, cancellationToken).ConfigureAwait(false);
            storageUp = true;
            var due = pending.Where(m => m.NextAttemptAt <= now).ToList();
            var failed = await outbox.ListAsync(OutboxStatus.Failed, null, CountCap, cancellationToken).ConfigureAwait(false);
            var uncertain = await outbox.ListAsync(OutboxStatus.Uncertain, null, CountCap, cancellationToken).ConfigureAwait(false);
            var oldest = due.Count == 0 ? (double?)null : (now - due.Min(m => m.NextAttemptAt)).TotalSeconds;
            outboxHealth = new OutboxHealth(pending.Count, due.Count, oldest, failed.Count, uncertain.Count);
            if (oldest > BacklogLimit.TotalSeconds)
            {
                problems.Add($"outbox: {due.Count} due messages, the oldest waiting {TimeSpan.FromSeconds(oldest.Value):g}");
            }
            foreach (var name in QueueNames)
            {
                var queue = await storage.QueueAsync(name).ConfigureAwait(false);
                var poison = await storage.QueueByFullNameAsync(storage.Options.QueueName(name) + "-poison").ConfigureAwait(false);
                var waiting = (await queue.GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
                var dead = (await poison.GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
                queues.Add(new QueueHealth(name, waiting, dead));
                if (dead > 0)
                {
                    problems.Add($"queue {name}: {dead} poison messages");
                }
            }
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException or TimeoutException)
        {
            storageUp = outboxHealth is not null;
            problems.Add($"storage: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
        }
        problems.AddRange(jobs.Where(j => !j.Success).Select(j => $"job {j.JobName} failed at {j.FinishedAt:u}: {j.Detail}"));
        var status = !storageUp ? "unhealthy" : problems.Count > 0 ? "degraded" : "healthy";
        return new HealthReport(status, now, storageUp, Math.Round(clock.Elapsed.TotalMilliseconds, 1), queues, outboxHealth, jobs, problems);
    }
}
