using System.Text.Json.Nodes;
using SalesCoach.Core.Crm.Sync;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Hosting;

/// <summary>Standalone mode honours host.json and functions.metadata as the Functions host does.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StandaloneHostTests(AzuriteFixture azurite) : IDisposable
{
    private readonly List<string> roots = [];

    public void Dispose()
    {
        foreach (var root in roots)
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private string AppRoot(Action<JsonNode> editHost, Action<JsonArray>? editMetadata = null)
    {
        var root = AppProcess.AppRoot(editHost);
        roots.Add(root);
        if (editMetadata is not null)
        {
            var path = Path.Combine(root, "functions.metadata");
            var metadata = JsonNode.Parse(File.ReadAllText(path))!.AsArray();
            editMetadata(metadata);
            File.WriteAllText(path, metadata.ToJsonString());
        }
        return root;
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
        await using var app = await TestApp.StartAsync(azurite, dispatcher: true, settings: new Dictionary<string, string?> { ["SalesCoach:AppRoot"] = root });
        var storage = app.Get<StorageAccount>();
        var queue = await storage.QueueAsync(RunSync.QueueName);
        var poison = await storage.QueueByFullNameAsync(queue.Name + "-poison");

        await queue.SendMessageAsync("this is not a sync message");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        Azure.Storage.Queues.Models.PeekedMessage[] poisoned = [];
        while (poisoned.Length == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            poisoned = (await poison.PeekMessagesAsync(10)).Value;
        }
        var message = Assert.Single(poisoned);
        Assert.Equal("this is not a sync message", message.Body.ToString());
        Assert.Empty((await queue.PeekMessagesAsync(10)).Value);
    }

    [Fact]
    public async Task Run_on_startup_fires_a_timer_before_its_schedule_does()
    {
        await using var telegram = await FakeTelegramServer.StartNewAsync();
        var root = AppRoot(_ => { }, metadata =>
        {
            var sendOutbox = metadata.Single(f => f!["name"]!.GetValue<string>() == "SendOutbox")!;
            sendOutbox["bindings"]![0]!["runOnStartup"] = true;
        });
        var storage = azurite.NewAccount(out var prefix);
        var now = DateTimeOffset.UtcNow;
        await new OutboxRepository(storage).EnqueueAsync([new OutboxMessage
        {
            Id = "startup-p1", ManagerId = "m1", ChatId = 77, Kind = OutboxKind.StaleAlert, Text = "ping",
            Status = OutboxStatus.Pending, CreatedAt = now, NextAttemptAt = now,
        }], default);

        await using var app = await TestApp.StartAsync(azurite, dispatcher: true, settings: new Dictionary<string, string?>
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

    [Fact]
    public async Task A_queue_message_is_run_by_its_function_and_removed()
    {
        await using var retail = await FakeRetailCrmServer.StartNewAsync();
        await using var app = await TestApp.StartAsync(azurite, dispatcher: true, settings: new Dictionary<string, string?>
        {
            ["RetailCrm:BaseUrl"] = retail.BaseAddress.ToString(),
            ["RetailCrm:ApiKey"] = FakeRetailCrmServer.ApiKey,
        });
        (await app.Client.PostAsync("/api/sync/retailcrm", null)).EnsureSuccessStatusCode();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        SyncState state;
        do
        {
            await Task.Delay(200);
            (state, _) = await app.Get<SyncRepository>().GetAsync("retailcrm", default);
        }
        while (state.Status is not (SyncStatus.Succeeded or SyncStatus.Failed) && DateTime.UtcNow < deadline);
        Assert.Equal(SyncStatus.Succeeded, state.Status);
        var queue = await app.Get<StorageAccount>().QueueAsync(RunSync.QueueName);
        Assert.Empty((await queue.PeekMessagesAsync(10)).Value);
    }
}
