using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SalesCoach.Core.Agent;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Demo;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Functions.Cli;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;
using SkiaSharp;
using Xunit.Abstractions;

namespace SalesCoach.Tests.Messaging;

/// <summary>
/// The Monday digest and the weekly squad analysis go out as a PNG chart (sendPhoto, multipart/form-data)
/// followed by their text, through the outbox, to the loopback Bot API; a refused photo becomes text.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChartPhotoTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const long TeamChat = 900;

    // Monday 23 November 2026, 06:00 UTC: 09:00 in Moscow, the report hour.
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    public static string ArtifactsFolder => Path.Combine(AppContext.BaseDirectory, "artifacts", "charts");

    private static async Task<TestApp> StartAsync(AzuriteFixture azurite, BotApiFake bot) =>
        await TestApp.StartAsync(azurite, dispatcher: true, settings: new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeTelegramServer.Token,
            ["Telegram:ApiBaseUrl"] = bot.BaseAddress.ToString(),
            ["Chats:TeamChatId"] = TeamChat.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    /// <summary>The demo team as of that Monday (its chats are from the day before), and the week's digest queued.</summary>
    private static async Task QueueDigestAsync(TestApp app)
    {
        var time = new FakeTimeProvider(Monday);
        await new SeedDemoData(app.Get<ManagerRepository>(), app.Get<DealRepository>(), app.Get<ActivityRepository>(), app.Get<ChatRepository>(), time).RunAsync(default);
        var options = app.Get<ChatAnalyticsOptions>();
        var job = new SendChatReports(new BuildChatReport(app.Get<ChatRepository>(), app.Get<ManagerRepository>(), options),
            app.Get<ManagerRepository>(), app.Get<OutboxRepository>(), options, time, NullLogger<SendChatReports>.Instance, app.Get<OutboxPhotos>());
        Assert.True((await job.RunAsync(force: true, default)).Weekly);
    }

    private static async Task WaitUntilAsync(Func<bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// The stored message once its sender has recorded the answer: Telegram (the fake) has the message a moment
    /// before the outbox row says so, so a test that reads the row right after delivery waits for that write.
    /// </summary>
    private static async Task<OutboxMessage> SettledAsync(OutboxRepository outbox, string managerId, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var stored = (await outbox.FindAsync(managerId, id, default))!.Value.Message;
            if (stored.Status is not (OutboxStatus.Pending or OutboxStatus.Sending) || DateTime.UtcNow > deadline)
            {
                return stored;
            }
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task The_digest_and_the_squad_analysis_send_their_chart_as_a_photo_before_their_text()
    {
        await using var bot = await BotApiFake.StartAsync();
        await using var app = await StartAsync(azurite, bot);
        await QueueDigestAsync(app);
        var squad = await app.Get<SquadAnalysis>().RunAsync(default);
        Assert.True(squad.Reports.Single().SentToTeamLead);

        var outbox = app.Get<OutboxRepository>();
        var queued = await outbox.ListAsync(null, null, 1000, default);
        var photoRows = queued.Where(m => m.PhotoBlob is not null).ToList();
        // The weekly digest of each of the three managers (all had chats), the team's digest, and the squad analysis.
        Assert.Equal(5, photoRows.Count);
        await WaitUntilAsync(() => bot.Photos.Count == photoRows.Count && bot.Delivered.Count == queued.Count, TimeSpan.FromSeconds(60));
        Assert.Equal(queued.Count, bot.Delivered.Count);

        Directory.CreateDirectory(ArtifactsFolder);
        foreach (var photo in bot.Photos)
        {
            // As uploaded: a PNG whose header and pixels decode, within Telegram's photo limits, captioned in HTML.
            Assert.Equal("html", photo.ParseMode, ignoreCase: true);
            Assert.Contains("<b>", photo.Caption, StringComparison.Ordinal);
            Assert.EndsWith(".png", photo.FileName, StringComparison.Ordinal);
            using var bitmap = SKBitmap.Decode(photo.Bytes);
            Assert.NotNull(bitmap);
            Assert.Equal(photo.Size, (bitmap!.Width, bitmap.Height));
            Assert.True(photo.Bytes.Length is > 20_000 and < 10 * 1024 * 1024, $"{photo.Bytes.Length} bytes");
            // Not a blank picture: bars were drawn (at least the plan's, for a manager who asked nothing).
            var inked = 0;
            for (var y = 0; y < bitmap.Height; y += 4)
            {
                for (var x = 0; x < bitmap.Width; x += 4)
                {
                    var pixel = bitmap.GetPixel(x, y);
                    inked += pixel.Red + pixel.Green + pixel.Blue < 600 ? 1 : 0;
                }
            }
            Assert.True(inked > 1500, $"{photo.FileName}: {inked} inked samples of {bitmap.Width * bitmap.Height / 16}");
            await File.WriteAllBytesAsync(Path.Combine(ArtifactsFolder, photo.FileName), photo.Bytes);
            output.WriteLine($"chat {photo.ChatId}: {photo.FileName} {photo.Size?.Width}x{photo.Size?.Height} {photo.Bytes.Length} bytes, caption \"{photo.Caption}\"");
        }

        // Each chat got its picture first, then the text it belongs to.
        foreach (var row in photoRows)
        {
            var chat = bot.Delivered.Where(d => d.ChatId == row.ChatId).ToList();
            var photoAt = chat.FindIndex(d => d.Text == row.PhotoCaption);
            var textAt = chat.FindIndex(d => d.Text.Length > 0 && queued.Any(m => m.Id == row.Id[..^"-chart".Length] + "-p1" && m.Text == d.Text));
            Assert.True(photoAt >= 0 && textAt == photoAt + 1, $"{row.Id}: photo at {photoAt}, text at {textAt}");
            var stored = await SettledAsync(outbox, row.ManagerId, row.Id);
            Assert.Equal(OutboxStatus.Sent, stored.Status);
            Assert.False(stored.PhotoFellBack);
        }
        Assert.Contains(bot.Photos, p => p.ChatId == TeamChat && p.Caption!.Contains("Открытые сделки по этапам", StringComparison.Ordinal));
        Assert.Contains(bot.Photos, p => p.ChatId == TeamChat && p.Caption!.Contains("Чаты за неделю", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_photo_telegram_refuses_goes_out_as_its_text_and_the_report_follows()
    {
        await using var bot = await BotApiFake.StartAsync();
        bot.RefusePhotos = true;
        await using var app = await StartAsync(azurite, bot);
        await QueueDigestAsync(app);

        var outbox = app.Get<OutboxRepository>();
        var queued = await outbox.ListAsync(null, null, 1000, default);
        await WaitUntilAsync(() => bot.Delivered.Count == queued.Count, TimeSpan.FromSeconds(60));

        Assert.Empty(bot.Photos);
        Assert.Equal(queued.Count, bot.Delivered.Count);
        var team = queued.Single(m => m.PhotoBlob is not null && m.ChatId == TeamChat);
        var stored = await SettledAsync(outbox, team.ManagerId, team.Id);
        Assert.Equal(OutboxStatus.Sent, stored.Status);
        Assert.True(stored.PhotoFellBack, $"{stored.Id}: attempts {stored.Attempts}, error {stored.LastError}, sent {stored.SentAt}");
        var chat = bot.Delivered.Where(d => d.ChatId == TeamChat).Select(d => d.Text).ToList();
        var fallbackAt = chat.FindIndex(t => t.Contains("не удалось отправить", StringComparison.Ordinal) && t.Contains("Чаты за неделю", StringComparison.Ordinal));
        Assert.True(fallbackAt >= 0, string.Join(" | ", chat));
        Assert.Contains("Чаты за неделю", chat[fallbackAt + 1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_photo_whose_picture_is_gone_goes_out_as_its_text()
    {
        await using var bot = await BotApiFake.StartAsync();
        await using var app = await StartAsync(azurite, bot);
        var manager = new Manager { Id = "m-gone", Name = "Gone", TimeZone = "UTC", Team = "t", TelegramChatId = 777 };
        var now = DateTimeOffset.UtcNow;
        await app.Get<OutboxRepository>().EnqueueAsync(
            [OutboxMessages.Photo(manager, OutboxKind.ChatReport, "never-stored.png", "📊 <b>caption</b>", "📊 <b>caption</b>\nno chart", "gone", now, null)], default);

        await WaitUntilAsync(() => !bot.Delivered.IsEmpty, TimeSpan.FromSeconds(30));

        Assert.Equal("📊 caption\nno chart", bot.Delivered.Single().Text.Replace("<b>", "", StringComparison.Ordinal).Replace("</b>", "", StringComparison.Ordinal));
        var stored = await SettledAsync(app.Get<OutboxRepository>(), "m-gone", "gone-chart");
        Assert.Equal(OutboxStatus.Sent, stored.Status);
        Assert.True(stored.PhotoFellBack);
    }
}
