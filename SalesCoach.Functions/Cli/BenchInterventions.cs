// Owns the intervention latency benchmark: GREEN-API webhooks through HTTP and storage to the outbox and on to a Telegram Bot API fake; p50/p99 against the 5 s goal.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SalesCoach.Core.Agent;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Functions.Hosting.Standalone;

namespace SalesCoach.Functions.Cli;

/// <summary>
/// "SalesCoach.Functions bench-interventions 20 10": the app in standalone mode (HTTP, timers; the outbox sender
/// every second) against a loopback Bot API that enforces Telegram's limits. <c>managers</c> managers, each
/// with a WhatsApp instance; in each of <c>rounds</c> rounds every manager's client writes a price objection at
/// once (one concurrent webhook per manager). Measured per message: the webhook's acknowledgement, the time
/// from the webhook's arrival to the intervention in the outbox (stored timestamps), and from the
/// acknowledgement to Telegram receiving it. Plain messages (no signal) sent the same way give the
/// acknowledgement without an intervention, in the same run. The goal: in Telegram within 5 s of the acknowledgement.
/// </summary>
public static class BenchInterventions
{
    public const double GoalMilliseconds = 5000;
    private const string Token = "bench-webhook-token";

    public static async Task<int> RunAsync(int managers, int rounds)
    {
        await using var bot = await BotApiFake.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["SalesCoach:StoragePrefix"] = "bench" + Guid.NewGuid().ToString("N")[..8],
            ["SalesCoach:StandaloneUrls"] = "http://127.0.0.1:0",
            ["SalesCoach:OutboxSchedule"] = "* * * * * *",
            ["Telegram:BotToken"] = "123456:bench-token",
            ["Telegram:ApiBaseUrl"] = bot.BaseAddress.ToString(),
            ["GreenApi:WebhookToken"] = Token,
        };
        for (var m = 0; m < managers; m++)
        {
            settings[string.Create(CultureInfo.InvariantCulture, $"GreenApi:InstanceManagers:{1100000000 + m}")] = $"bench-m{m}";
        }
        await using var app = StandaloneHost.Build([], settings);
        var managerStore = app.Services.GetRequiredService<ManagerRepository>();
        for (var m = 0; m < managers; m++)
        {
            await managerStore.UpsertAsync(new Manager { Id = $"bench-m{m}", Name = $"Manager {m}", TimeZone = "Europe/Moscow", Team = "bench", TelegramChatId = 900_000 + m }, CancellationToken.None);
        }
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = StandaloneHost.Address(app) };

        // Untimed: warms up the JIT, connections and tables.
        await RoundAsync(http, managers, "warm", plain: true);
        await RoundAsync(http, managers, "warm", plain: false);

        var plainAcks = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            plainAcks.AddRange((await RoundAsync(http, managers, $"p{round}", plain: true)).Select(r => r.AckMs));
        }
        var sent = new List<(string Marker, double AckMs, DateTimeOffset AckedAt)>();
        for (var round = 0; round < rounds; round++)
        {
            sent.AddRange(await RoundAsync(http, managers, $"r{round}", plain: false));
            // Telegram allows one message a second per chat: a manager's next intervention comes after that.
            await Task.Delay(1100);
        }

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30) && sent.Any(s => !bot.Delivered.Any(d => d.Text.Contains(s.Marker, StringComparison.Ordinal))))
        {
            await Task.Delay(100);
        }
        var toTelegram = sent.Select(s => bot.Delivered.Where(d => d.Text.Contains(s.Marker, StringComparison.Ordinal)).Select(d => (d.At - s.AckedAt).TotalMilliseconds).DefaultIfEmpty(double.NaN).First()).ToList();
        var interventions = await app.Services.GetRequiredService<InterventionRepository>().ListAsync(null, CancellationToken.None);
        var timed = interventions.Where(i => i.ClientText.Contains("#r", StringComparison.Ordinal)).ToList();
        var toOutbox = timed.Select(i => ((i.QueuedAt ?? i.ReceivedAt) - i.ReceivedAt).TotalMilliseconds).ToList();
        var missing = toTelegram.Count(double.IsNaN);
        var delivered = toTelegram.Where(t => !double.IsNaN(t)).ToList();
        var acks = sent.Select(s => s.AckMs).ToList();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{sent.Count} price objections from {managers} managers' clients, {managers} at a time: {timed.Count(i => i.Status == InterventionStatus.Queued)} interventions queued, {delivered.Count} delivered to Telegram, {missing} missing, {bot.TooManyRequests} 429s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  webhook arrival → outbox (stored):   p50 {P(toOutbox, 0.5):0} ms, p99 {P(toOutbox, 0.99):0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  webhook acknowledgement with intervention: p50 {P(acks, 0.5):0} ms, p99 {P(acks, 0.99):0} ms; plain message in the same run: p50 {P(plainAcks, 0.5):0} ms, p99 {P(plainAcks, 0.99):0} ms (ratio p50 {P(acks, 0.5) / P(plainAcks, 0.5):0.00})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  acknowledgement → Telegram:          p50 {P(delivered, 0.5):0} ms, p99 {P(delivered, 0.99):0} ms, max {(delivered.Count > 0 ? delivered.Max() : double.NaN):0} ms; goal {GoalMilliseconds:0} ms (p99 is {P(delivered, 0.99) / GoalMilliseconds:0.00} of it)"));
        return missing == 0 && P(delivered, 0.99) < GoalMilliseconds ? 0 : 1;
    }

    private static double P(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static async Task<List<(string Marker, double AckMs, DateTimeOffset AckedAt)>> RoundAsync(HttpClient http, int managers, string round, bool plain)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, managers).Select(async m =>
        {
            var marker = $"#{round}-{m}";
            var phone = string.Create(CultureInfo.InvariantCulture, $"7{(plain ? 8 : 9)}{m:D4}{Math.Abs(round.GetHashCode(StringComparison.Ordinal)) % 100000:D5}");
            var text = plain ? $"Спасибо, посылку получила {marker}" : $"Дороговато для нас, есть скидка? {marker}";
            var body = new JsonObject
            {
                ["typeWebhook"] = "incomingMessageReceived",
                ["instanceData"] = new JsonObject { ["idInstance"] = 1100000000 + m, ["wid"] = "79030000000@c.us", ["typeInstance"] = "whatsapp" },
                ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["idMessage"] = "BENCH" + marker.Replace("#", "", StringComparison.Ordinal).Replace("-", "X", StringComparison.Ordinal).ToUpperInvariant(),
                ["senderData"] = new JsonObject { ["chatId"] = phone + "@c.us", ["chatName"] = "Client", ["sender"] = phone + "@c.us", ["senderName"] = "Client" },
                ["messageData"] = new JsonObject { ["typeMessage"] = "textMessage", ["textMessageData"] = new JsonObject { ["textMessage"] = text } },
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/greenapi") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Token);
            var clock = Stopwatch.StartNew();
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return (marker, clock.Elapsed.TotalMilliseconds, DateTimeOffset.UtcNow);
        }));
        return [.. results];
    }
}
