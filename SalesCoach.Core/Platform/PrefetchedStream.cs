// Owns reading an async sequence ahead of its consumer, a bounded number of items at a time.
using System.Threading.Channels;

namespace SalesCoach.Core.Platform;

/// <summary>
/// Enumerates a source (a table query, page by page) in the background into a bounded buffer, so the
/// next page is on its way while the consumer works on this one. Memory holds at most
/// <c>capacity</c> items; the source's error surfaces from <see cref="MoveNextAsync"/>.
/// </summary>
public sealed class PrefetchedStream<T> : IAsyncDisposable
{
    private readonly Channel<T> buffer;
    private readonly CancellationTokenSource stop;
    private readonly Task pump;

    private PrefetchedStream(IAsyncEnumerable<T> source, int capacity, CancellationToken cancellationToken)
    {
        buffer = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        pump = Task.Run(() => PumpAsync(source, stop.Token), CancellationToken.None);
    }

    public T Current { get; private set; } = default!;

    /// <summary>Starts reading <paramref name="source"/> ahead; <paramref name="capacity"/> a page or so.</summary>
    public static PrefetchedStream<T> Start(IAsyncEnumerable<T> source, CancellationToken cancellationToken, int capacity = 1000)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        return new PrefetchedStream<T>(source, capacity, cancellationToken);
    }

    public async ValueTask<bool> MoveNextAsync()
    {
        while (await buffer.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
        {
            if (buffer.Reader.TryRead(out var item))
            {
                Current = item;
                return true;
            }
        }
        return false;
    }

    private async Task PumpAsync(IAsyncEnumerable<T> source, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await buffer.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
            }
            buffer.Writer.TryComplete();
        }
        catch (Exception e)
        {
            buffer.Writer.TryComplete(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await pump.ConfigureAwait(false);
        stop.Dispose();
    }
}
