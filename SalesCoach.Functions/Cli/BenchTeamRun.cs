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
/// "SalesCoach.Functions bench-teamrun &lt;dataset folder&gt; [holdout from]": starts the app in standalone
/// mode on a free loopback port with fresh tables and task hub and its clock at the dataset's last day,
/// imports the CRM Sales Opportunities dataset through POST /api/import, refits the win model with the
/// holdout starting at the given date (default 2017-10-01: 2017's last quarter) and prints its evaluation
/// against the rule score, then starts POST /api/deals/analyze-all and polls GET /api/runs/{id} until it
/// completes. Prints the import and run times, the Telegram messages each manager got from the run, and
/// two sample summaries.
/// </summary>
public static class BenchTeamRun
{
    public static readonly DateTimeOffset DefaultHoldoutFrom = new(2017, 10, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string datasetFolder, DateTimeOffset? holdoutFrom = null)
    {
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        await using var app = StandaloneHost.Build([], new Dictionary<string, string?>
        {
            ["SalesCoach:StoragePrefix"] = prefix,
            ["SalesCoach:StandaloneUrls"] = "http://127.0.0.1:0",
            // Nothing is sent: the outbox is counted, not drained.
            ["Telegram:BotToken"] = "",
            // "Now" is the dataset's last day (noon UTC), so ages and idle days are those of its snapshot.
            ["SalesCoach:ClockStart"] = SalesOpportunitiesDataset.SnapshotDate.AddHours(12).ToString("O", CultureInfo.InvariantCulture),
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
            var holdout = (holdoutFrom ?? DefaultHoldoutFrom).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            using (var refit = await http.PostAsync(new Uri("/api/coaching/model/refit", UriKind.Relative),
                new StringContent($"{{\"holdout_from\": \"{holdout}\"}}", System.Text.Encoding.UTF8, "application/json")))
            {
                refit.EnsureSuccessStatusCode();
                PrintModel(await refit.Content.ReadFromJsonAsync<JsonElement>(), clock.Elapsed.TotalSeconds);
            }

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

            var all = (await app.Services.GetRequiredService<OutboxRepository>().ListAsync(null, null, 100_000, CancellationToken.None))
                .Where(m => m.RunId == runId).ToList();
            var messages = all.GroupBy(m => m.ManagerId).Select(g => (Manager: g.Key, Count: g.Count(), Chars: g.Sum(m => m.Text.Length))).OrderByDescending(g => g.Count).ToList();
            if (messages.Count > 0)
            {
                var top = messages[0];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"messages per manager: max {top.Count} ({top.Manager}, {top.Chars:N0} characters), median {messages[messages.Count / 2].Count}, total {messages.Sum(m => m.Count)}; longest message {all.Max(m => m.Text.Length):N0} characters"));
                var summaries = all.Where(m => m.Kind == OutboxKind.ManagerSummary).OrderByDescending(m => m.Text.Length).ToList();
                foreach (var sample in new[] { summaries.First(), summaries.Last() }.Distinct())
                {
                    Console.WriteLine($"\n── summary for {sample.ManagerId} ({sample.Text.Length:N0} characters) ──\n{sample.Text}");
                }
            }
            return run.GetProperty("status").GetString() == "completed" ? 0 : 1;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void PrintModel(JsonElement report, double seconds)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"win model: {report.GetProperty("status").GetString()} on {report.GetProperty("closed_deals").GetInt32():N0} closed deals ({report.GetProperty("won").GetInt32():N0} won), fitted in {seconds:0.0} s"));
        if (!report.TryGetProperty("evaluation", out var evaluation))
        {
            Console.WriteLine("  no holdout evaluation: " + (report.TryGetProperty("evaluation_note", out var note) ? note.GetString() : ""));
            return;
        }
        var model = evaluation.GetProperty("model");
        var rules = evaluation.GetProperty("rules");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  holdout: deals closed from {evaluation.GetProperty("holdout_from").GetDateTimeOffset():yyyy-MM-dd} ({evaluation.GetProperty("holdout_deals").GetInt32():N0}), trained on {evaluation.GetProperty("train_deals").GetInt32():N0} closed before"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  AUC   model {model.GetProperty("auc").GetDouble():0.000}  rules {rules.GetProperty("auc").GetDouble():0.000}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  Brier model {model.GetProperty("brier").GetDouble():0.0000}  rules {rules.GetProperty("brier").GetDouble():0.0000}  base rate {evaluation.GetProperty("base_rate").GetDouble():0.000} → {evaluation.GetProperty("base_rate_brier").GetDouble():0.0000}"));
        Console.WriteLine("  reliability (decile: mean predicted → observed, n):");
        foreach (var bin in model.GetProperty("reliability").EnumerateArray())
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {bin.GetProperty("decile").GetInt32(),2}: {bin.GetProperty("mean_predicted").GetDouble():0.000} → {bin.GetProperty("observed_rate").GetDouble():0.000}  ({bin.GetProperty("count").GetInt32()})"));
        }
        Console.WriteLine("  strongest weights: " + string.Join(", ", report.GetProperty("weights").EnumerateArray().Take(6)
            .Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.GetProperty("feature").GetString()} {w.GetProperty("weight").GetDouble():+0.00;-0.00}"))));
    }
}
