// Owns the outbox benchmark: messages over many chats, sent by one or more sender processes to a Bot API that enforces Telegram's limits.
using System.Diagnostics;
using System.Globalization;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Cli;

/// <summary>
/// "SalesCoach.Functions bench-outbox 1000 35 2": queues that many messages over that many chats in fresh
/// tables, starts that many sender processes (the app in standalone mode, its SendOutbox timer every second)
/// against <see cref="BotApiFake"/>, and waits until every message is delivered. Prints the wall time, the
/// limit (messages / 30 s), their ratio, the 429s the fake answered and any duplicate delivery.
/// </summary>
public static class BenchOutbox
{
    public static async Task<int> RunAsync(int messages, int chats, int senders)
    {
        var connection = Environment.GetEnvironmentVariable("AzureWebJobsStorage") ?? throw new InvalidOperationException("Set AzureWebJobsStorage.");
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        await using var bot = await BotApiFake.StartAsync();
        var outbox = new OutboxRepository(new StorageAccount(new StorageOptions { ConnectionString = connection, Prefix = prefix }));
        var now = DateTimeOffset.UtcNow;
        await outbox.EnqueueAsync(Enumerable.Range(0, messages).Select(i => new OutboxMessage
        {
            Id = $"b{i:D6}", ManagerId = $"m{i % chats}", ChatId = 700_000 + (i % chats), Kind = OutboxKind.ChatReport,
            Text = $"message {i}", Status = OutboxStatus.Pending, CreatedAt = now.AddMilliseconds(i), NextAttemptAt = now,
        }).ToList(), CancellationToken.None);

        var processes = new List<Process>();
        var clock = Stopwatch.StartNew();
        try
        {
            for (var s = 0; s < senders; s++)
            {
                var start = new ProcessStartInfo("dotnet")
                {
                    ArgumentList = { Path.Combine(AppContext.BaseDirectory, "SalesCoach.Functions.dll") },
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    WorkingDirectory = Path.GetTempPath(),
                };
                start.Environment["AzureWebJobsStorage"] = connection;
                start.Environment["SalesCoach__StoragePrefix"] = prefix;
                start.Environment["SalesCoach__StandaloneUrls"] = "http://127.0.0.1:0";
                start.Environment["SalesCoach__OutboxSchedule"] = "* * * * * *";
                start.Environment["Telegram__BotToken"] = "123456:bench-token";
                start.Environment["Telegram__ApiBaseUrl"] = bot.BaseAddress.ToString();
                var process = Process.Start(start)!;
                process.OutputDataReceived += (_, _) => { };
                process.ErrorDataReceived += (_, _) => { };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                processes.Add(process);
            }
            var deadline = TimeSpan.FromSeconds(messages / 30.0 * 4 + 60);
            while (bot.Delivered.Count < messages && clock.Elapsed < deadline)
            {
                await Task.Delay(100);
            }
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
                process.Dispose();
            }
        }
        var delivered = bot.Delivered.ToList();
        var wall = clock.Elapsed.TotalSeconds;
        var sending = delivered.Count > 1 ? (delivered.Max(d => d.At) - delivered.Min(d => d.At)).TotalSeconds : 0;
        var limit = messages / (double)BotApiFake.GlobalPerSecond;
        var duplicates = delivered.Count - delivered.Select(d => d.Text).Distinct().Count();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{senders} sender process(es), {messages} messages over {chats} chats: {delivered.Count} delivered; wall {wall:0.0} s (first to last delivery {sending:0.0} s), limit {limit:0.0} s, ratio {wall / limit:0.00} ({sending / limit:0.00}); 429s {bot.TooManyRequests}; duplicates {duplicates}"));
        return delivered.Count == messages && duplicates == 0 ? 0 : 1;
    }
}
