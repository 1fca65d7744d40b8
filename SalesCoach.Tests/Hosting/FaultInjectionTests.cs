using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Cli;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SalesCoach.Tests.Hosting;

/// <summary>
/// Faults from outside, on the app as its own process: storage stopped mid-run for 5 s and for 30 s, and
/// the app killed while it sends. The run completes within a minute of storage coming back, and every
/// outbox message reaches Telegram at most once (a message that may have gone is flagged, not resent).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FaultInjectionTests(ITestOutputHelper output)
{
    private const int Managers = 10;
    private const int DealsEach = 4;

    [Theory]
    [InlineData(5)]
    [InlineData(30)]
    public async Task A_storage_outage_mid_run_ends_with_every_manager_analysed_and_no_message_sent_twice(int outageSeconds)
    {
        await using var azurite = new DiskAzurite();
        await azurite.StartAsync();
        await using var bot = await BotApiFake.StartAsync();
        await using var openAi = await FakeAzureOpenAiServer.StartNewAsync();
        openAi.Latency = TimeSpan.FromMilliseconds(250);
        var storage = await SeedAsync(azurite.ConnectionString);
        await using var app = await AppProcess.StartAsync(Settings(azurite, storage, bot, openAi));

        var runId = (await app.Client.PostAsync("/api/deals/analyze-all", null).ReadJsonAsync()).GetProperty("run_id").GetString()!;
        await PollAsync(app.Client, runId, r => r.GetProperty("done").GetInt32() >= 2, TimeSpan.FromSeconds(60));

        await azurite.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(outageSeconds));
        await azurite.StartAsync();
        var back = Stopwatch.StartNew();

        JsonElement run;
        try
        {
            run = await PollAsync(app.Client, runId, r => r.GetProperty("status").GetString() == "completed", TimeSpan.FromSeconds(120));
        }
        catch (Exception)
        {
            output.WriteLine(app.RecentLog);
            throw;
        }
        var completedAfter = back.Elapsed;
        Assert.Equal((Managers, 0), (run.GetProperty("done").GetInt32(), run.GetProperty("failed").GetInt32()));
        Assert.True(completedAfter < TimeSpan.FromSeconds(60), $"the run completed {completedAfter.TotalSeconds:F0} s after storage came back");

        var (sent, uncertain) = await AssertDeliveredAtMostOnceAsync(storage, bot);
        output.WriteLine($"{outageSeconds} s outage: run completed {completedAfter.TotalSeconds:F1} s after storage came back; {sent} messages sent once, {uncertain} uncertain, 429s {bot.TooManyRequests}");
    }

    [Fact]
    public async Task An_app_killed_while_sending_resends_nothing_after_a_restart()
    {
        await using var azurite = new DiskAzurite();
        await azurite.StartAsync();
        await using var bot = await BotApiFake.StartAsync();
        await using var openAi = await FakeAzureOpenAiServer.StartNewAsync();
        var storage = await SeedAsync(azurite.ConnectionString);
        var settings = Settings(azurite, storage, bot, openAi);
        string runId;
        await using (var first = await AppProcess.StartAsync(settings))
        {
            runId = (await first.Client.PostAsync("/api/deals/analyze-all", null).ReadJsonAsync()).GetProperty("run_id").GetString()!;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (bot.Delivered.Count < 5 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            first.Kill();
        }
        var deliveredAtKill = bot.Delivered.Count;
        Assert.True(deliveredAtKill >= 5, $"only {deliveredAtKill} messages went out before the kill");

        await using var second = await AppProcess.StartAsync(settings);
        await PollAsync(second.Client, runId, r => r.GetProperty("status").GetString() == "completed", TimeSpan.FromSeconds(120));
        var (sent, uncertain) = await AssertDeliveredAtMostOnceAsync(storage, bot);
        output.WriteLine($"killed after {deliveredAtKill} deliveries: {sent} messages sent once, {uncertain} uncertain");
    }

    private static Dictionary<string, string> Settings(DiskAzurite azurite, StorageAccount storage, BotApiFake bot, FakeAzureOpenAiServer openAi) => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["SalesCoach:StoragePrefix"] = storage.Options.Prefix,
        ["SalesCoach:OutboxSchedule"] = "* * * * * *",
        ["Telegram:BotToken"] = FakeTelegramServer.Token,
        ["Telegram:ApiBaseUrl"] = bot.BaseAddress.ToString(),
        ["Telegram:ClaimDuration"] = "00:00:15",
        ["OpenAI:Endpoint"] = openAi.BaseAddress.ToString(),
        ["OpenAI:Deployment"] = FakeAzureOpenAiServer.Deployment,
        ["OpenAI:ApiKey"] = FakeAzureOpenAiServer.Key,
        ["OpenAI:MaxConcurrency"] = "2",
    };

    private static async Task<StorageAccount> SeedAsync(string connection)
    {
        var storage = new StorageAccount(new StorageOptions { ConnectionString = connection, Prefix = AzuriteFixture.NewPrefix() });
        var managers = new ManagerRepository(storage);
        var deals = new DealRepository(storage);
        var now = DateTimeOffset.UtcNow;
        for (var m = 0; m < Managers; m++)
        {
            await managers.UpsertAsync(DealBuilder.Manager($"f{m}", chat: 300_000 + m) with { Name = $"Менеджер {m}" }, default);
            for (var d = 0; d < DealsEach; d++)
            {
                await deals.UpsertAsync(DealBuilder.At(now).Aged(6 + d).With(x => x with { Id = $"f{m}-d{d}", ManagerId = $"f{m}", Name = $"Сделка {m}-{d}" }).Deal, default);
            }
        }
        return storage;
    }

    /// <summary>Waits until the outbox has nothing left to send, then checks every delivery against it.</summary>
    private static async Task<(int Sent, int Uncertain)> AssertDeliveredAtMostOnceAsync(StorageAccount storage, BotApiFake bot)
    {
        var outbox = new OutboxRepository(storage);
        IReadOnlyList<OutboxMessage> messages;
        var deadline = DateTime.UtcNow.AddSeconds(120);
        do
        {
            await Task.Delay(500);
            messages = await outbox.ListAsync(null, null, 100_000, default);
        }
        while (messages.Any(m => m.Status is OutboxStatus.Pending or OutboxStatus.Sending) && DateTime.UtcNow < deadline);

        Assert.DoesNotContain(messages, m => m.Status is OutboxStatus.Pending or OutboxStatus.Sending or OutboxStatus.Failed);
        var delivered = bot.Delivered.GroupBy(d => (d.ChatId, d.Text)).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(delivered, d => Assert.True(d.Value == 1, $"delivered {d.Value} times to chat {d.Key.ChatId}"));
        foreach (var message in messages)
        {
            var times = delivered.GetValueOrDefault((message.ChatId!.Value, message.Text));
            Assert.True(message.Status == OutboxStatus.Sent ? times == 1 : times <= 1, $"{message.Id} ({message.Status}) was delivered {times} times");
        }
        Assert.Equal(delivered.Count, messages.Count(m => delivered.ContainsKey((m.ChatId!.Value, m.Text))));
        return (messages.Count(m => m.Status == OutboxStatus.Sent), messages.Count(m => m.Status == OutboxStatus.Uncertain));
    }

    private static async Task<JsonElement> PollAsync(HttpClient client, string runId, Func<JsonElement, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync($"/api/runs/{runId}");
                if (response.IsSuccessStatusCode)
                {
                    last = await response.Content.ReadFromJsonAsync<JsonElement>();
                    if (until(last))
                    {
                        return last;
                    }
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        Assert.Fail($"Run {runId} did not get there in {timeout.TotalSeconds} s: {last}");
        return last;
    }
}
