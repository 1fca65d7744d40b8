// Owns sampling the peak managed heap for benchmarks.
namespace SalesCoach.Functions.Cli;

/// <summary>Samples the managed heap every 20 ms from a clean start; <see cref="StopAsync"/> returns the peak in MiB.</summary>
public sealed class HeapPeak : IDisposable
{
    private readonly CancellationTokenSource sampling = new();
    private readonly Task sampler;
    private long peak;

    private HeapPeak()
    {
        peak = GC.GetTotalMemory(false);
        sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                Interlocked.Exchange(ref peak, Math.Max(Interlocked.Read(ref peak), GC.GetTotalMemory(false)));
                await Task.Delay(20).ConfigureAwait(false);
            }
        });
    }

    public static HeapPeak Start()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return new HeapPeak();
    }

    public async Task<double> StopAsync()
    {
        await sampling.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        return Interlocked.Read(ref peak) / 1024.0 / 1024.0;
    }

    public void Dispose() => sampling.Dispose();
}
