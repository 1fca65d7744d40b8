// Owns the amoCRM webhook acknowledgement benchmark: many concurrent deliveries through HTTP and storage, p50/p99 of the answer.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using SalesCoach.Functions.Hosting.Standalone;

namespace SalesCoach.Functions.Cli;

/// <summary>
/// "SalesCoach.Functions bench-webhooks 50 20": the app in standalone mode on a free loopback port; 20 rounds
/// of 50 concurrent amoCRM status deliveries (each a distinct lead), timed from send to the 200; prints p50,
/// p99 and the maximum against amoCRM's 2-second deadline, and how long the queue took to process them all.
/// </summary>
public static class BenchWebhooks
{
    public static async Task<int> RunAsync(int concurrency, int rounds)
    {
        const string secret = "bench-secret";
        await using var app = StandaloneHost.Build([], new Dictionary<string, string?>
        {
            ["SalesCoach:StoragePrefix"] = "bench" + Guid.NewGuid().ToString("N")[..8],
            ["SalesCoach:StandaloneUrls"] = "http://127.0.0.1:0",
            ["AmoCrm:WebhookSecret"] = secret,
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = StandaloneHost.Address(app) };
        var now = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds();

        // One untimed round warms up the JIT, connections and tables.
        await RoundAsync(http, secret, concurrency, 0, now);
        var timings = new List<double>();
        var clock = Stopwatch.StartNew();
        for (var round = 1; round <= rounds; round++)
        {
            timings.AddRange(await RoundAsync(http, secret, concurrency, round, now));
        }
        var sending = clock.Elapsed.TotalSeconds;
        timings.Sort();
        double Percentile(double p) => timings[Math.Min(timings.Count - 1, (int)Math.Ceiling(p * timings.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{timings.Count} deliveries, {concurrency} at a time: acknowledgement p50 {Percentile(0.50):0} ms, p99 {Percentile(0.99):0} ms, max {timings[^1]:0} ms (amoCRM waits 2000 ms); {timings.Count / sending:0} deliveries/s"));
        return timings[^1] < 2000 ? 0 : 1;
    }

    private static async Task<List<double>> RoundAsync(HttpClient http, string secret, int concurrency, int round, long now)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async i =>
        {
            var lead = 50_000_000 + round * 1000 + i;
            var body = string.Create(CultureInfo.InvariantCulture,
                $"leads%5Bstatus%5D%5B0%5D%5Bid%5D={lead}&leads%5Bstatus%5D%5B0%5D%5Bstatus_id%5D=63012348&leads%5Bstatus%5D%5B0%5D%5Bold_status_id%5D=63012345&leads%5Bstatus%5D%5B0%5D%5Bprice%5D=512000&leads%5Bstatus%5D%5B0%5D%5Bresponsible_user_id%5D=8234561&leads%5Bstatus%5D%5B0%5D%5Blast_modified%5D={now}&leads%5Bstatus%5D%5B0%5D%5Bpipeline_id%5D=7851234&account%5Bid%5D=30412587&account%5Bsubdomain%5D=bench");
            var clock = Stopwatch.StartNew();
            using var response = await http.PostAsync(new Uri("/api/webhooks/amocrm?secret=" + secret, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));
            response.EnsureSuccessStatusCode();
            return clock.Elapsed.TotalMilliseconds;
        }));
        return [.. results];
    }
}
