// Owns the import benchmark: throughput and peak heap per input size.
using System.Diagnostics;
using System.Globalization;
using SalesCoach.Core.Crm.Import;
using SalesCoach.Functions.Hosting;

namespace SalesCoach.Functions.Cli;

/// <summary>
/// "SalesCoach.Functions bench-import 10000 40000": imports synthetic files of each size into fresh
/// tables and prints throughput and the peak managed heap during each import. Flat memory shows as a
/// peak ratio near 1 between the largest and the smallest input.
/// </summary>
public static class BenchImport
{
    public static async Task<int> RunAsync(IReadOnlyList<int> sizes)
    {
        Console.WriteLine("deals     records   seconds   deals/s   peak heap MiB   file MiB   re-import s   re-import deals/s");
        var peaks = new List<double>();
        foreach (var deals in sizes)
        {
            var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
            await using var app = Hosting.Standalone.StandaloneHost.Build([], new Dictionary<string, string?> { ["SalesCoach:Dispatcher"] = "off", ["SalesCoach:StoragePrefix"] = prefix });
            var import = app.Services.GetRequiredService<ImportData>();
            var path = Path.Combine(Path.GetTempPath(), $"{prefix}.json");
            await using (var file = File.Create(path))
            {
                await SyntheticImport.WriteAsync(file, deals, managers: 50, DateTimeOffset.UtcNow);
            }
            try
            {
                using var heap = HeapPeak.Start();
                var clock = Stopwatch.StartNew();
                ImportResult result;
                await using (var file = File.OpenRead(path))
                {
                    result = await import.RunAsync(file, CancellationToken.None);
                }
                clock.Stop();
                var peakMiB = await heap.StopAsync();
                peaks.Add(peakMiB);
                // The same file again: nothing changes, and it must not take longer than the first time.
                var again = Stopwatch.StartNew();
                await using (var file = File.OpenRead(path))
                {
                    await import.RunAsync(file, CancellationToken.None);
                }
                again.Stop();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{deals,-9} {result.Records,-9} {clock.Elapsed.TotalSeconds,-9:0.0} {result.Deals / clock.Elapsed.TotalSeconds,-9:0} {peakMiB,-15:0.0} {new FileInfo(path).Length / 1024.0 / 1024.0,-10:0.0} {again.Elapsed.TotalSeconds,-13:0.0} {deals / again.Elapsed.TotalSeconds:0}"));
            }
            finally
            {
                File.Delete(path);
            }
        }
        if (peaks.Count > 1)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"input ratio {sizes[^1] / (double)sizes[0]:0.0}x, peak heap ratio {peaks[^1] / peaks[0]:0.00}x"));
        }
        return 0;
    }
}
