using SalesCoach.Core.Crm.Sync;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Cli;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Hosting;

/// <summary>The SalesCoach meter counts what an operator watches: outbox sent and failed, LLM tokens, CRM sync records.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MeterTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Outbox_messages_sent_and_failed_are_counted()
    {
        using var metrics = new MetricRecorder();
        await using var telegram = await FakeTelegramServer.StartNewAsync();
        await using var app = await TestApp.StartAsync(azurite, dispatcher: true, settings: new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeTelegramServer.Token,
            ["Telegram:ApiBaseUrl"] = telegram.BaseAddress.ToString(),
        });
        telegram.FailNext(403);
        var manager = new Manager { Id = "m-meter", Name = "Meter", TimeZone = "UTC", Team = "t", TelegramChatId = 4242 };
        var now = DateTimeOffset.UtcNow;
        // The first goes out refused for good (403), the other two are delivered. StaleAlert is a kind no other test sends here.
        await app.Get<OutboxRepository>().EnqueueAsync(
            OutboxMessages.FromHtml(manager, OutboxKind.StaleAlert, "one", "meter-1", now, null, null)
                .Concat(OutboxMessages.FromHtml(manager, OutboxKind.StaleAlert, "two", "meter-2", now.AddMilliseconds(1), null, null))
                .Concat(OutboxMessages.FromHtml(manager, OutboxKind.StaleAlert, "three", "meter-3", now.AddMilliseconds(2), null, null)), default);

        // Counted when the answer is recorded, right after Telegram's reply.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((telegram.Delivered.Count() < 2 || metrics.Sum("salescoach.outbox.sent", ("kind", "StaleAlert")) < 2 || metrics.Sum("salescoach.outbox.failed", ("kind", "StaleAlert")) < 1)
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(2, metrics.Sum("salescoach.outbox.sent", ("kind", "StaleAlert")));
        Assert.Equal(1, metrics.Sum("salescoach.outbox.failed", ("kind", "StaleAlert")));
    }

    [Fact]
    public async Task Llm_tokens_are_counted_by_kind()
    {
        using var metrics = new MetricRecorder();
        await using var openAi = await FakeAzureOpenAiServer.StartNewAsync();
        using var chat = new AzureOpenAiChat(new OpenAiOptions
        {
            Endpoint = openAi.BaseAddress.ToString(), Deployment = FakeAzureOpenAiServer.Deployment, ApiKey = FakeAzureOpenAiServer.Key, MaxRetries = 1,
        }, new HttpClient(), TimeProvider.System);
        openAi.Answer("""{"score":0.7,"reason":"Counted."}""");

        var result = await new LlmLeadScorer(chat, Microsoft.Extensions.Logging.Abstractions.NullLogger<LlmLeadScorer>.Instance)
            .ScoreAsync(new LeadScoringInput(LeadSource.Partner, LeadStage.Qualified, 4, "first", 3, null), default);

        Assert.Equal(0.7, result.Score);
        // Other tests may score leads at the same time: at least this call's tokens were counted.
        Assert.True(metrics.Sum("salescoach.llm.tokens", ("kind", "prompt"), ("schema", LlmLeadScorer.SchemaName)) >= FakeAzureOpenAiServer.PromptTokens);
        Assert.True(metrics.Sum("salescoach.llm.tokens", ("kind", "completion"), ("schema", LlmLeadScorer.SchemaName)) > 0);
    }

    [Fact]
    public async Task A_crm_pull_counts_its_run_and_the_records_it_wrote()
    {
        using var metrics = new MetricRecorder();
        await using var retail = (await FakeRetailCrmServer.StartNewAsync()).WithFixtures();
        await using var app = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["RetailCrm:BaseUrl"] = retail.BaseAddress.ToString(),
            ["RetailCrm:ApiKey"] = FakeRetailCrmServer.ApiKey,
            ["RetailCrm:PageSize"] = "20",
        });

        var state = await app.Get<RunSync>().RunAsync("retailcrm", default);

        Assert.Equal(SyncStatus.Succeeded, state.Status);
        Assert.True(metrics.Sum("salescoach.crm.sync.runs", ("source", "retailcrm"), ("outcome", "succeeded")) >= 1);
        Assert.True(metrics.Sum("salescoach.crm.sync.records", ("source", "retailcrm"), ("kind", "deals")) >= state.LastCounts.Deals);
        Assert.True(state.LastCounts.Deals > 0);
    }
}
