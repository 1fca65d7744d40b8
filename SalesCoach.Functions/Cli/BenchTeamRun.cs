// Owns the team-run benchmark on the public CRM dataset: import over HTTP, one team run through the standalone Durable engine, what each manager received.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using SalesCoach.Core.Demo;
using SalesCoach.Core.Messaging;
using SalesCoach.Functions.Hosting.Standalone;

namespace SalesCoach.Functions.Cli;

/// <summary>
/// "SalesCoach.Functions bench-teamrun &lt;dataset folder&gt;": starts the app in standalone mode on a free
/// loopback port with fresh tables and task hub, imports the CRM Sales Opportunities dataset through
/// POST /api/import, starts POST /api/deals/analyze-all and polls GET /api/runs/{id} until it completes.
/// Prints the import and run times and the number of Telegram messages each manager got from the run.
/// </summary>
public static class BenchTeamRun
{
    public static async Task<int> RunAsync(string datasetFolder)
    {
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        await using var app = StandaloneHost.Build([], new Dictionary<string, string?>
        {
            ["SalesCoach:StoragePrefix"] = prefix,
            ["SalesCoach:StandaloneUrls"] = "http://127.0.0.1:0",
            // Nothing is sent: the outbox is counted, not drained.
            ["Telegram:BotToken"] = "",
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = StandaloneHost.Address(app), Timeout = TimeSpan.FromMinutes(10) };

        var file = Path.Combine(Path.GetTempPath(), $"{prefix}.json");
        try
        {
            int managers, deals;
            await using (var output = File.Create(file))
            {
                (managers, deals) = await SalesOpportunitiesDataset.WriteImportAsync(datasetFolder, output, CancellationToken.None);
            }
            var clock = Stopwatch.StartNew();
            await using (var input = File.OpenRead(file))
            {
                using var content = new StreamContent(input);
                content.Headers.ContentType = new("application/json");
                using var imported = await http.PostAsync(new Uri("/api/import", UriKind.Relative), content);
                imported.EnsureSuccessStatusCode();
            }
            var importSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dataset: {managers} managers, {deals:N0} deals; import over HTTP {importSeconds:0.0} s"));

            clock.Restart();
            var started = await http.PostAsync(new Uri("/api/deals/analyze-all", UriKind.Relative), null);
            started.EnsureSuccessStatusCode();
            var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString()!;
            JsonElement run;
            do
            {
                await Task.Delay(250);
                run = await http.GetFromJsonAsync<JsonElement>(new Uri($"/api/runs/{runId}", UriKind.Relative));
            }
            while (run.GetProperty("status").GetString() == "running");
            var runSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"team run {runId}: {run.GetProperty("status").GetString()}, {run.GetProperty("done").GetInt32()} done, {run.GetProperty("failed").GetInt32()} failed of {run.GetProperty("total").GetInt32()} in {runSeconds:0.0} s"));

            var messages = (await app.Services.GetRequiredService<OutboxRepository>().ListAsync(null, null, 100_000, CancellationToken.None))
                .Where(m => m.RunId == runId).GroupBy(m => m.ManagerId).Select(g => (Manager: g.Key, Count: g.Count(), Chars: g.Sum(m => m.Text.Length))).OrderByDescending(g => g.Count).ToList();
            if (messages.Count > 0)
            {
                var top = messages[0];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"messages per manager: max {top.Count} ({top.Manager}, {top.Chars:N0} characters), median {messages[messages.Count / 2].Count}, total {messages.Sum(m => m.Count)}"));
            }
            return run.GetProperty("status").GetString() == "completed" ? 0 : 1;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
