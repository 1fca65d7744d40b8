// Owns queuing and running one CRM pull, with its status and cursor.
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.Sync;

/// <summary>Body of a sync queue message.</summary>
public sealed record SyncMessage(string Source);

/// <summary>
/// Pulls: POST /api/sync/{source} and the sync timer queue a pull (202); the queue-triggered function
/// runs it. A source runs one pull at a time (the state row is claimed under its ETag); a pull that
/// died is taken over after <see cref="StaleRunAfter"/>.
/// </summary>
public sealed class RunSync(IEnumerable<ICrmSource> sources, SyncRepository states, CrmWriter writer, StorageAccount storage, TimeProvider time, ILogger<RunSync> logger)
{
    public const string QueueName = "crm-sync";
    public static readonly TimeSpan StaleRunAfter = TimeSpan.FromMinutes(30);

    public IReadOnlyList<ICrmSource> Sources { get; } = [.. sources];

    public ICrmSource Find(string name) =>
        Sources.FirstOrDefault(s => s.Name == name)
        ?? throw new NotFoundException("Sync source", name);

    /// <summary>Queues a pull of <paramref name="name"/>; 409 when one is already queued or running, 422 when the source is not configured.</summary>
    public async Task<SyncState> QueueAsync(string name, CancellationToken cancellationToken)
    {
        var source = Find(name);
        if (!source.IsConfigured)
        {
            throw new UnprocessableException("source", $"Source '{name}' is not configured; see README 'Settings'.");
        }
        var (state, etag) = await states.GetAsync(name, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (state.Status is SyncStatus.Queued or SyncStatus.Running && state.LastStartedAt > now - StaleRunAfter)
        {
            throw new ConflictException($"A pull of '{name}' is already {state.Status.ToString().ToLowerInvariant()} since {state.LastStartedAt:u}.");
        }
        var queued = state with { Status = SyncStatus.Queued, LastStartedAt = now };
        if (!await states.TrySaveAsync(queued, etag, cancellationToken).ConfigureAwait(false))
        {
            throw new ConflictException($"A pull of '{name}' was queued at the same moment.");
        }
        var queue = await storage.QueueAsync(QueueName).ConfigureAwait(false);
        await queue.SendMessageAsync(Json.Serialize(new SyncMessage(name)), cancellationToken).ConfigureAwait(false);
        return queued;
    }

    /// <summary>Runs the pull (queue-triggered). Failures are recorded in the state and rethrown so the queue retries.</summary>
    public async Task<SyncState> RunAsync(string name, CancellationToken cancellationToken)
    {
        var source = Find(name);
        var (state, etag) = await states.GetAsync(name, cancellationToken).ConfigureAwait(false);
        var started = time.GetUtcNow();
        if (state.Status == SyncStatus.Running && state.LastStartedAt > started - StaleRunAfter)
        {
            logger.LogInformation("Sync {Source} already running since {Started:u}; this delivery does nothing", name, state.LastStartedAt);
            return state;
        }
        var running = state with { Status = SyncStatus.Running, LastStartedAt = started, LastError = null };
        if (!await states.TrySaveAsync(running, etag, cancellationToken).ConfigureAwait(false))
        {
            return (await states.GetAsync(name, cancellationToken).ConfigureAwait(false)).State;
        }

        var counts = WriteCounts.None;
        try
        {
            var (cursor, rejected) = await source.PullAsync(state.Cursor, async batch =>
            {
                counts = counts.Add(await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false));
            }, cancellationToken).ConfigureAwait(false);
            var done = running with
            {
                Status = SyncStatus.Succeeded,
                Cursor = cursor ?? state.Cursor,
                LastCompletedAt = time.GetUtcNow(),
                LastSucceededAt = time.GetUtcNow(),
                LastCounts = counts,
                LastRejected = rejected,
            };
            await states.SaveAsync(done, cancellationToken).ConfigureAwait(false);
            Measure(name, "succeeded", counts, rejected);
            logger.LogInformation("Sync {Source}: {Deals} deals, {Activities} activities, {Messages} messages, {Rejected} rejected", name, counts.Deals, counts.Activities, counts.Messages, rejected);
            return done;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The cursor stays where it was: the next pull repeats what this one may have half-read (writes are idempotent).
            await states.SaveAsync(running with { Status = SyncStatus.Failed, LastCompletedAt = time.GetUtcNow(), LastError = e.Message, LastCounts = counts }, cancellationToken).ConfigureAwait(false);
            Measure(name, "failed", counts, 0);
            logger.LogWarning("Sync {Source} failed: {Error}", name, e.Message);
            throw;
        }
    }

    private static void Measure(string source, string outcome, WriteCounts counts, int rejected)
    {
        var from = new KeyValuePair<string, object?>("source", source);
        SalesCoach.Core.Platform.SalesCoachTelemetry.CrmSyncRuns.Add(1, from, new KeyValuePair<string, object?>("outcome", outcome));
        foreach (var (kind, count) in new[] { ("managers", counts.Managers), ("deals", counts.Deals), ("activities", counts.Activities), ("chats", counts.Chats), ("messages", counts.Messages), ("rejected", rejected) })
        {
            if (count > 0)
            {
                SalesCoach.Core.Platform.SalesCoachTelemetry.CrmSyncRecords.Add(count, from, new KeyValuePair<string, object?>("kind", kind));
            }
        }
    }
}
