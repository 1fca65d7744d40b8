using System.Text.Json.Nodes;
using SalesCoach.Core.Deals.Runs;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Hosting;

/// <summary>The local trigger dispatcher honours host.json and function.json as the Functions host does.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StandaloneDispatcherTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string appRoot = Directory.CreateTempSubdirectory("salescoach-approot-").FullName;

    public void Dispose() => Directory.Delete(appRoot, recursive: true);

    /// <summary>A copy of the built app root's host.json and function folders, edited for the test.</summary>
    private string AppRoot(Action<JsonNode> editHost, Action<string, JsonNode>? editFunction = null)
    {
        var built = AppContext.BaseDirectory;
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(built, "host.json")))!;
        editHost(host);
        File.WriteAllText(Path.Combine(appRoot, "host.json"), host.ToJsonString());
        foreach (var dir in Directory.EnumerateDirectories(built).Where(d => File.Exists(Path.Combine(d, "function.json"))))
        {
            var name = Path.GetFileName(dir);
            var function = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "function.json")))!;
            editFunction?.Invoke(name, function);
            Directory.CreateDirectory(Path.Combine(appRoot, name));
            File.WriteAllText(Path.Combine(appRoot, name, "function.json"), function.ToJsonString());
        }
        return appRoot;
    }

    [Fact]
    public async Task A_message_that_keeps_failing_moves_to_the_poison_queue_after_max_dequeue_count()
    {
        var root = AppRoot(host =>
        {
            host["extensions"]!["queues"]!["maxDequeueCount"] = 2;
            host["extensions"]!["queues"]!["visibilityTimeout"] = "00:00:00";
            host["extensions"]!["queues"]!["maxPollingInterval"] = "00:00:00.500";
        });
        await using var app = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?> { ["SalesCoach:AppRoot"] = root });
        var storage = app.Get<StorageAccount>();
        var queue = await storage.QueueAsync(QueueNames.ManagerAnalysis);
        var poison = await storage.QueueByFullNameAsync(queue.Name + "-poison");

        await queue.SendMessageAsync("this is not a work message");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        Azure.Storage.Queues.Models.PeekedMessage[] poisoned = [];
        while (poisoned.Length == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            poisoned = (await poison.PeekMessagesAsync(10)).Value;
        }
        var message = Assert.Single(poisoned);
        Assert.Equal("this is not a work message", message.Body.ToString());
        Assert.Empty((await queue.PeekMessagesAsync(10)).Value);
    }

    [Fact]
    public async Task Run_on_startup_fires_a_timer_before_its_schedule_does()
    {
        await using var telegram = await FakeTelegramServer.StartNewAsync();
        var root = AppRoot(_ => { }, (name, function) =>
        {
            if (name == "SendOutbox")
            {
                function["bindings"]![0]!["runOnStartup"] = true;
            }
        });
        var prefix = AzuriteFixture.NewPrefix();
        var storage = new StorageAccount(new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = prefix });
        var now = DateTimeOffset.UtcNow;
        await new OutboxRepository(storage).EnqueueAsync([new OutboxMessage
        {
            Id = "startup-p1", ManagerId = "m1", ChatId = 77, Kind = OutboxKind.StaleAlert, Text = "ping",
            Status = OutboxStatus.Pending, CreatedAt = now, NextAttemptAt = now,
        }], default);

        await using var app = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["SalesCoach:AppRoot"] = root,
            ["SalesCoach:StoragePrefix"] = prefix,
            // Once a year: only runOnStartup can explain a send within seconds.
            ["SalesCoach:OutboxSchedule"] = "0 0 0 1 1 *",
            ["Telegram:BotToken"] = FakeTelegramServer.Token,
            ["Telegram:ApiBaseUrl"] = telegram.BaseAddress.ToString(),
        });

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!telegram.Delivered.Any() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        var delivered = Assert.Single(telegram.Delivered);
        Assert.Equal(77, delivered.ChatId);
    }
}
