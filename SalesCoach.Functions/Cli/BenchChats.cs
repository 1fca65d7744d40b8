// Owns the chat metrics benchmark: the app's parse plus every metric against a bare JSON reader pass.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Crm.Import;

namespace SalesCoach.Functions.Cli;

/// <summary>
/// "SalesCoach.Functions bench-chats 1000000 50": generates that many chat messages (10 per chat) for
/// that many managers in the generic-import format, then times (a) a bare <see cref="Utf8JsonReader"/> pass
/// over the file that materialises every string, the floor any JSON reading costs, (b) the import's own
/// streaming parse and validation, and (c) that parse plus every chat metric, advice rule and SPIN
/// classification, chat by chat, analysed in batches on a worker while the parser reads on, as reports do
/// (<see cref="ChatAnalyser"/>). Prints all three with their wall and processor times, the ratio of (c) to
/// (a) in both (target ≤ 2.5× in wall time), the peak managed heap of each, what each allocated, and how
/// many collections it caused and how long they paused it.
/// </summary>
public static class BenchChats
{
    private static readonly string[] ClientTexts = ["Здравствуйте! Сколько стоит доставка?", "Есть в наличии 42 размер?", "Хочу заказать две штуки", "Спасибо, подумаю", "How much is it?", "Скільки коштує?"];
    private static readonly string[] ManagerTexts = ["Добрый день! Какой у вас бюджет?", "Что вас не устраивает в текущем поставщике?", "Сколько вы теряете из-за задержек?", "Давайте оформим, отправлю ссылку на оплату", "Отправил расчёт.", "Было бы полезно получить доставку завтра?"];

    public static async Task<int> RunAsync(int messages, int managers)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bench-chats-{Guid.NewGuid():N}.json");
        try
        {
            await WriteAsync(path, messages, managers);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"input: {messages:N0} messages, {messages / 10:N0} chats, {managers} managers, {new FileInfo(path).Length / 1024.0 / 1024.0:0.0} MiB"));

            // An untimed pass of each first (JIT), then three alternating rounds; the fastest of each kind counts.
            await RawAsync(path);
            await MeasureAsync(path, compute: true);
            var raws = new List<Measurement>();
            var parses = new List<Measurement>();
            var fulls = new List<Measurement>();
            for (var round = 0; round < 3; round++)
            {
                raws.Add(await RawAsync(path));
                parses.Add(await MeasureAsync(path, compute: false));
                fulls.Add(await MeasureAsync(path, compute: true));
            }
            var raw = raws.MinBy(m => m.Seconds)!;
            var parse = parses.MinBy(m => m.Seconds)!;
            var full = fulls.MinBy(m => m.Seconds)!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw reader pass:     {raw.Seconds,7:0.00} s (cpu {raw.CpuSeconds,5:0.00} s)   peak heap {raw.PeakMiB,6:0.0} MiB   allocated {raw.AllocatedMiB,5:0} MiB, {raw.Collections} collections, paused {raw.GcPauseSeconds:0.00} s   ({raw.Chats:N0} strings materialised)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import parse:        {parse.Seconds,7:0.00} s (cpu {parse.CpuSeconds,5:0.00} s)   peak heap {parse.PeakMiB,6:0.0} MiB   allocated {parse.AllocatedMiB,5:0} MiB, {parse.Collections} collections, paused {parse.GcPauseSeconds:0.00} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parse + all metrics: {full.Seconds,7:0.00} s (cpu {full.CpuSeconds,5:0.00} s)   peak heap {full.PeakMiB,6:0.0} MiB   allocated {full.AllocatedMiB,5:0} MiB, {full.Collections} collections, paused {full.GcPauseSeconds:0.00} s   ({full.Chats:N0} chats, {full.Managers} managers summarised)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio: {full.Seconds / raw.Seconds:0.00}x the raw pass in wall time (target ≤ 2.5x), {full.CpuSeconds / raw.CpuSeconds:0.00}x in processor time; parse alone {parse.Seconds / raw.Seconds:0.00}x"));
            return 0;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task WriteAsync(string path, int messages, int managers)
    {
        await using var file = File.Create(path);
        await using var writer = new StreamWriter(file, new UTF8Encoding(false), 1 << 16);
        await writer.WriteAsync('[');
        var start = new DateTimeOffset(2026, 11, 2, 7, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < messages; i++)
        {
            var chat = i / 10;
            var inbound = i % 10 % 2 == 0;
            var at = start.AddMinutes(chat % 10_000).AddMinutes(i % 10 * 7);
            var text = inbound ? ClientTexts[i % ClientTexts.Length] : ManagerTexts[(i / 2) % ManagerTexts.Length];
            await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                $"{(i == 0 ? "" : ",")}{{\"type\":\"message\",\"id\":\"m{i}\",\"chat_id\":\"c{chat}\",\"direction\":\"{(inbound ? "inbound" : "outbound")}\",\"sent_at\":\"{at:O}\",\"text\":{JsonSerializer.Serialize(text)},\"manager_id\":\"bm{chat % managers}\"}}"));
        }
        await writer.WriteAsync(']');
    }

    /// <param name="CpuSeconds">Processor time of the whole process meanwhile (every thread, the collector's too).</param>
    private sealed record Measurement(double Seconds, double PeakMiB, int Chats, int Managers, double CpuSeconds = 0, double GcPauseSeconds = 0, int Collections = 0, double AllocatedMiB = 0);

    /// <summary>The floor: every token read with a bare <see cref="Utf8JsonReader"/>, every string value materialised, nothing validated.</summary>
    private static async Task<Measurement> RawAsync(string path)
    {
        using var heap = HeapPeak.Start();
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var pause = GC.GetTotalPauseDuration();
        var collections = GC.CollectionCount(0);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var strings = 0;
        var buffer = new byte[1 << 20];
        var state = new JsonReaderState();
        await using (var file = File.OpenRead(path))
        {
            var filled = 0;
            var final = false;
            while (!final || filled > 0)
            {
                while (!final && filled < buffer.Length)
                {
                    var read = await file.ReadAsync(buffer.AsMemory(filled));
                    final = read == 0;
                    filled += read;
                }
                var consumed = Scan(buffer.AsSpan(0, filled), final, ref state, ref strings);
                if (final)
                {
                    break;
                }
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        clock.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        return new Measurement(clock.Elapsed.TotalSeconds, await heap.StopAsync(), strings, 0, cpu.TotalSeconds, (GC.GetTotalPauseDuration() - pause).TotalSeconds, GC.CollectionCount(0) - collections, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / 1024.0);
    }

    private static int Scan(ReadOnlySpan<byte> data, bool final, ref JsonReaderState state, ref int strings)
    {
        var reader = new Utf8JsonReader(data, final, state);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                GC.KeepAlive(reader.GetString());
                strings++;
            }
        }
        state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    private static async Task<Measurement> MeasureAsync(string path, bool compute)
    {
        using var heap = HeapPeak.Start();

        var reader = new ImportRecordReader(TimeProvider.System);
        var analyser = new ChatAnalyser(ChatLexicon.Default, WorkingHours.Default("Europe/Moscow"));
        // The app's report path: chats analysed in batches on a worker while the parser reads on.
        var worker = analyser.Worker();
        var stats = new List<ChatStats>();
        var batch = new List<(Chat Chat, IReadOnlyList<ChatMessage> Messages)>(BuildChatReport.AnalysisBatch);
        var current = new List<ChatMessage>();
        var adviceCount = 0;
        var spin = SpinCounts.None;

        void Take(IEnumerable<IReadOnlyList<ChatReportTables.AnalysedChat>> done)
        {
            foreach (var chat in done.SelectMany(d => d))
            {
                stats.Add(chat.Stats);
                adviceCount += chat.Advice.Count;
                spin = spin.Add(chat.Spin);
            }
        }

        void Flush()
        {
            if (current.Count > 0 && compute)
            {
                batch.Add((new Chat { Id = current[0].ChatId, Channel = Channel.Whatsapp, ManagerId = current[0].ManagerId, CreatedAt = current[0].SentAt, UpdatedAt = current[^1].SentAt }, current));
                if (batch.Count == BuildChatReport.AnalysisBatch)
                {
                    // As reports do: a batch goes to the worker as soon as it is full.
                    Take(worker.Post(batch, CancellationToken.None));
                    batch = new(BuildChatReport.AnalysisBatch);
                }
            }
            current = [];
        }

        // After each buffer the parser waits, if need be, until no more than the worker's limit of batches runs.
        async ValueTask KeepWithinAsync(CancellationToken cancellationToken) => Take(await worker.WithinLimitAsync());

        async ValueTask PostAsync(CancellationToken cancellationToken)
        {
            if (batch.Count > 0)
            {
                Take(await worker.PostAsync(batch, cancellationToken));
                batch = [];
            }
        }

        var pause = GC.GetTotalPauseDuration();
        var collections = GC.CollectionCount(0);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await using (var file = File.OpenRead(path))
        {
            await ImportRecordStream.ReadAsync(file, reader, (record, _) =>
            {
                var message = record.Message!;
                if (current.Count > 0 && current[0].ChatId != message.ChatId)
                {
                    Flush();
                }
                current.Add(message);
            }, KeepWithinAsync, CancellationToken.None);
        }
        Flush();
        await PostAsync(CancellationToken.None);
        Take(await worker.DrainAsync());
        var managers = compute ? ChatMetrics.Summarize(stats, s => s.ManagerId ?? "").Count : 0;
        clock.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var peakMiB = await heap.StopAsync();
        GC.KeepAlive(adviceCount);
        return new Measurement(clock.Elapsed.TotalSeconds, peakMiB, stats.Count, managers, cpu.TotalSeconds, (GC.GetTotalPauseDuration() - pause).TotalSeconds, GC.CollectionCount(0) - collections, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / 1024.0);
    }
}
