// Owns the chat report benchmark on storage: import a week of chats over HTTP, scan the stored entities, report the week.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting.Standalone;

namespace SalesCoach.Functions.Cli;

/// <summary>
/// "SalesCoach.Functions bench-chat-report 100000 10000": the app in standalone mode on a loopback port and
/// Azurite; imports that many messages in that many chats (50 managers, one week in Moscow time) through
/// POST /api/import, then times one raw scan of the stored chats and messages (every entity read once
/// through the Table API, nothing computed) and GET /api/reports/chats for that week (every table, JSON
/// read to the end). Two rounds of each, the fastest counts; prints both, their ratio (target ≤ 3×) and
/// the storage round trips of the report.
/// </summary>
public static class BenchChatReport
{
    private static readonly DateTimeOffset WeekStart = new(2026, 11, 16, 0, 0, 0, TimeSpan.FromHours(3));
    private static readonly string[] ClientTexts = ["Здравствуйте! Сколько стоит доставка?", "Есть в наличии 42 размер?", "Хочу заказать две штуки", "Спасибо, подумаю", "How much is it?", "Скільки коштує?"];
    private static readonly string[] ManagerTexts = ["Добрый день! Какой у вас бюджет?", "Что вас не устраивает в текущем поставщике?", "Сколько вы теряете из-за задержек?", "Давайте оформим, отправлю ссылку на оплату", "Отправил расчёт.", "Было бы полезно получить доставку завтра?"];

    public static async Task<int> RunAsync(int messages, int chats)
    {
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        await using var app = StandaloneHost.Build([], new Dictionary<string, string?>
        {
            ["SalesCoach:Dispatcher"] = "off",
            ["SalesCoach:StoragePrefix"] = prefix,
            ["SalesCoach:StandaloneUrls"] = "http://127.0.0.1:0",
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = StandaloneHost.Address(app), Timeout = TimeSpan.FromMinutes(30) };
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}.json");
        try
        {
            await WriteAsync(path, messages, chats, managers: 50);
            var import = Stopwatch.StartNew();
            await using (var file = File.OpenRead(path))
            {
                using var content = new StreamContent(file);
                content.Headers.ContentType = new("application/json");
                using var response = await http.PostAsync(new Uri("/api/import", UriKind.Relative), content);
                if (!response.IsSuccessStatusCode)
                {
                    Console.Error.WriteLine($"import: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    return 1;
                }
            }
            import.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"imported {messages:N0} messages in {chats:N0} chats (one week, 50 managers) through /api/import: {import.Elapsed.TotalSeconds:0.0} s, {new FileInfo(path).Length / 1024.0 / 1024.0:0.0} MiB"));

            var storage = app.Services.GetRequiredService<StorageAccount>();
            var week = $"from={WeekStart:yyyy-MM-dd}&to={WeekStart.AddDays(7):yyyy-MM-dd}";
            var scans = new List<(double Seconds, long Entities)>();
            var reports = new List<(double Seconds, long Bytes)>();
            var reads = new List<double>();
            var chatRepository = app.Services.GetRequiredService<ChatRepository>();
            var period = ChatPeriod.Days(DateOnly.FromDateTime(WeekStart.DateTime), DateOnly.FromDateTime(WeekStart.DateTime).AddDays(7), TimeZones.Find("Europe/Moscow"));
            for (var round = 0; round < 2; round++)
            {
                scans.Add(await ScanAsync(storage));
                reports.Add(await ReportAsync(http, week));
                reads.Add(await ReadPeriodAsync(chatRepository, period));
            }
            var scan = scans.MinBy(s => s.Seconds);
            var report = reports.MinBy(r => r.Seconds);
            var (reportChats, reportMessages) = await CountAsync(http, week);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw scan:  {scan.Seconds,7:0.00} s   {scan.Entities:N0} entities (chats and messages tables, every property)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"report:    {report.Seconds,7:0.00} s   GET /api/reports/chats?{week}: {reportChats:N0} chats, {reportMessages:N0} messages, {report.Bytes / 1024.0 / 1024.0:0.0} MiB JSON"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  of which reading the week from storage (in process, nothing computed): {reads.Min():0.00} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio: {report.Seconds / scan.Seconds:0.00}x (target ≤ 3x)"));
            return reportMessages == messages ? 0 : 1;
        }
        finally
        {
            File.Delete(path);
            await app.StopAsync();
        }
    }

    /// <summary>Managers, chats, then each chat's messages: alternating client and manager, minutes apart, spread over the week.</summary>
    private static async Task WriteAsync(string path, int messages, int chats, int managers)
    {
        await using var file = File.Create(path);
        await using var writer = new StreamWriter(file, new UTF8Encoding(false), 1 << 16);
        await writer.WriteAsync('[');
        for (var m = 0; m < managers; m++)
        {
            await writer.WriteAsync(Invariant($"{{\"type\":\"manager\",\"id\":\"bm{m}\",\"name\":\"Manager {m}\",\"time_zone\":\"Europe/Moscow\",\"team\":\"bench\"}},"));
        }
        var perChat = messages / chats;
        var week = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(perChat * 9);
        for (var c = 0; c < chats; c++)
        {
            var start = WeekStart + week * c / chats;
            await writer.WriteAsync(Invariant(
                $"{{\"type\":\"chat\",\"id\":\"c{c}\",\"channel\":\"{(c % 3 == 0 ? "instagram" : "whatsapp")}\",\"manager_id\":\"bm{c % managers}\",\"client_name\":\"Client {c}\",\"created_at\":\"{start:O}\",\"updated_at\":\"{start.AddMinutes((perChat - 1) * 9):O}\"}},"));
        }
        for (var i = 0; i < messages; i++)
        {
            var chat = i / perChat % chats;
            var n = i % perChat;
            var inbound = n % 2 == 0;
            var at = WeekStart + week * chat / chats + TimeSpan.FromMinutes(n * 9);
            var text = inbound ? ClientTexts[i % ClientTexts.Length] : ManagerTexts[(i / 2) % ManagerTexts.Length];
            await writer.WriteAsync(Invariant(
                $"{(i == 0 ? "" : ",")}{{\"type\":\"message\",\"id\":\"m{i}\",\"chat_id\":\"c{chat}\",\"direction\":\"{(inbound ? "inbound" : "outbound")}\",\"sent_at\":\"{at:O}\",\"text\":{JsonSerializer.Serialize(text)}{(inbound ? "" : $",\"manager_id\":\"bm{chat % managers}\"")}}}"));
        }
        await writer.WriteAsync(']');
    }

    /// <summary>Every stored chat and message entity, read once, page by page, as the Table API hands them out.</summary>
    private static async Task<(double Seconds, long Entities)> ScanAsync(StorageAccount storage)
    {
        var clock = Stopwatch.StartNew();
        long count = 0;
        foreach (var name in new[] { "chats", "messages" })
        {
            var table = await storage.TableAsync(name);
            await foreach (var entity in table.QueryAsync<TableEntity>())
            {
                count++;
            }
        }
        return (clock.Elapsed.TotalSeconds, count);
    }

    private static async Task<double> ReadPeriodAsync(ChatRepository chats, ChatPeriod period)
    {
        var clock = Stopwatch.StartNew();
        var messages = 0;
        await foreach (var (_, list) in chats.ReadPeriodAsync(period.From, period.To, CancellationToken.None))
        {
            messages += list.Count;
        }
        GC.KeepAlive(messages);
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<(double Seconds, long Bytes)> ReportAsync(HttpClient http, string week)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(new Uri("/api/reports/chats?" + week, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        long bytes = 0;
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
        }
        return (clock.Elapsed.TotalSeconds, bytes);
    }

    private static async Task<(int Chats, int Messages)> CountAsync(HttpClient http, string week)
    {
        using var report = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/reports/chats?" + week, UriKind.Relative)));
        int Rows(string name) => report.RootElement.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == name).GetProperty("rows").GetArrayLength();
        return (Rows("chats_raw"), Rows("messages_raw"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
