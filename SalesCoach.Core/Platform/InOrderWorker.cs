// Owns running CPU-bound work on batches in the background while their producer goes on, results in order.
namespace SalesCoach.Core.Platform;

/// <summary>
/// Runs <c>work</c> on each posted batch on the thread pool, at most <c>inFlight</c> batches at once, and
/// hands the results back in the order the batches were posted. The producer (a parser, a storage reader)
/// keeps reading while earlier batches are computed, so reading and computing use different cores; memory
/// stays bounded by <c>inFlight</c> batches whatever the input's size. An exception in <c>work</c> surfaces
/// from the call that returns that batch's result.
/// </summary>
public sealed class InOrderWorker<TIn, TOut>
{
    private readonly Func<TIn, TOut> work;
    private readonly int inFlight;
    private readonly Queue<Task<TOut>> pending = new();

    public InOrderWorker(Func<TIn, TOut> work, int inFlight)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfLessThan(inFlight, 1);
        this.work = work;
        this.inFlight = inFlight;
    }

    /// <summary>Starts <paramref name="batch"/>; returns the results of earlier batches that had to finish to keep within the limit (oldest first; often none).</summary>
    public async ValueTask<IReadOnlyList<TOut>> PostAsync(TIn batch, CancellationToken cancellationToken)
    {
        pending.Enqueue(Task.Run(() => work(batch), cancellationToken));
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
