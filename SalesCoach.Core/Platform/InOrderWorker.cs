// Owns running CPU-bound work on batches in the background while their producer goes on, results in order.
namespace SalesCoach.Core.Platform;

/// <summary>
/// Runs <c>work</c> on each posted batch on the thread pool, and hands the results back in the order the
/// batches were posted. The producer (a parser, a storage reader) keeps reading while earlier batches are
/// computed, so reading and computing use different cores; memory stays bounded by <c>inFlight</c> batches
/// whatever the input's size. At most <c>concurrency</c> batches compute at the same time (by default one
/// core fewer than the machine has, so the producer, usually the slowest step, keeps a core of its own):
/// batch n starts when batch n - concurrency has finished. An exception in <c>work</c> surfaces from the
/// call that returns that batch's result.
/// </summary>
public sealed class InOrderWorker<TIn, TOut>
{
    private readonly Func<TIn, TOut> work;
    private readonly int inFlight;
    private readonly Queue<Task<TOut>> pending = new();
    /// <summary>The last batch started in each lane; batch n runs in lane n % concurrency, after the one before it there.</summary>
    private readonly Task?[] lanes;
    private long posted;

    public InOrderWorker(Func<TIn, TOut> work, int inFlight, int? concurrency = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfLessThan(inFlight, 1);
        var lanes = concurrency ?? Math.Max(1, Environment.ProcessorCount - 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 1, nameof(concurrency));
        this.work = work;
        this.inFlight = inFlight;
        this.lanes = new Task?[Math.Min(lanes, inFlight + 1)];
    }

    /// <summary>Starts <paramref name="batch"/>; returns the results of earlier batches that had to finish to keep within the limit (oldest first; often none).</summary>
    public async ValueTask<IReadOnlyList<TOut>> PostAsync(TIn batch, CancellationToken cancellationToken)
    {
        var done = Post(batch, cancellationToken);
        var waited = await WithinLimitAsync().ConfigureAwait(false);
        return waited.Count == 0 ? done : [.. done, .. waited];
    }

    /// <summary>
    /// Starts <paramref name="batch"/> without waiting, for a producer that cannot wait where it hands over
    /// (a synchronous callback); returns the results already finished, oldest first. The producer then calls
    /// <see cref="WithinLimitAsync"/> where it can wait, to bound what is held.
    /// </summary>
    public IReadOnlyList<TOut> Post(TIn batch, CancellationToken cancellationToken)
    {
        var lane = (int)(posted++ % lanes.Length);
        var task = lanes[lane] is { IsCompleted: false } before
            ? before.ContinueWith(_ => work(batch), cancellationToken, TaskContinuationOptions.DenyChildAttach, TaskScheduler.Default)
            : Task.Run(() => work(batch), cancellationToken);
        lanes[lane] = task;
        pending.Enqueue(task);
        List<TOut>? done = null;
        while (pending.Count > 0 && pending.Peek().IsCompleted)
        {
            (done ??= []).Add(pending.Dequeue().GetAwaiter().GetResult());
        }
        return done ?? (IReadOnlyList<TOut>)[];
    }

    /// <summary>Waits until at most the limit of batches runs; the results of those that had to finish, oldest first.</summary>
    public async ValueTask<IReadOnlyList<TOut>> WithinLimitAsync()
    {
        List<TOut>? done = null;
        while (pending.Count > inFlight || (pending.Count > 0 && pending.Peek().IsCompleted))
        {
            (done ??= []).Add(await pending.Dequeue().ConfigureAwait(false));
        }
        return done ?? (IReadOnlyList<TOut>)[];
    }

    /// <summary>Waits for every batch still running; their results in posting order.</summary>
    public async Task<IReadOnlyList<TOut>> DrainAsync()
    {
        var done = new List<TOut>(pending.Count);
        while (pending.Count > 0)
        {
            done.Add(await pending.Dequeue().ConfigureAwait(false));
        }
        return done;
    }
}
