// Owns the Azure AI Search retriever against the loopback service: answers end to end, the same held-out numbers as the local index, batches, shops, versions, 429/503, a wrong key and every class of bad input.
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Search.Documents.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SalesCoach.Core.Assistant;
using SalesCoach.Core.Assistant.Knowledge;
using SalesCoach.Core.Assistant.Samples;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Assistant;

[Collection(AzuriteCollection.Name)]
public sealed class AzureSearchRetrievalTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Index = "kb-test";
    private static readonly IReadOnlyList<StoredChunk> Sample = RetrievalEvaluation.SampleChunks().Select(c => new StoredChunk(c, null)).ToList();
    private FakeAzureSearchServer search = null!;

    public async Task InitializeAsync() => search = await FakeAzureSearchServer.StartNewAsync();

    public async Task DisposeAsync() => await search.DisposeAsync();

    private Dictionary<string, string?> Settings(string key = FakeAzureSearchServer.AdminKey) => new()
    {
        ["Assistant:Search"] = "azure",
        ["AzureSearch:Endpoint"] = search.BaseAddress.ToString(),
        ["AzureSearch:ApiKey"] = key,
        ["AzureSearch:IndexName"] = Index,
        ["AzureSearch:RetryBaseDelay"] = "00:00:00.010",
    };

    private AzureSearchRetriever Retriever(string shop = "shopa", string key = FakeAzureSearchServer.AdminKey, int batch = AzureSearchOptions.ServiceMaxBatch) =>
        new(new AzureSearchOptions
        {
            Endpoint = search.BaseAddress.ToString(),
            ApiKey = key,
            IndexName = Index,
            BatchSize = batch,
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryAfter = TimeSpan.FromSeconds(5),
        }, shop, new HttpClient(search.TrustingHandler()), TimeProvider.System, NullLogger<AzureSearchRetriever>.Instance);

    private static async Task<KnowledgeHits> Ask(AzureSearchRetriever retriever, string version, string question) =>
        KnowledgeRetrieval.Gate(await retriever.SearchAsync(version, question, null, KnowledgeRetrieval.Candidates, default), RetrievalGate.From(new AssistantOptions()));

    /// <summary>The app's Azure AI Search client trusts the fake's self-signed certificate.</summary>
    private void Trust(IServiceCollection services) =>
        services.AddHttpClient(nameof(AzureSearchRetriever)).ConfigurePrimaryHttpMessageHandler(search.TrustingHandler);

    private IEnumerable<FakeAzureSearchServer.Call> CallsOf(string operation) => search.Calls.Where(c => c.Operation == operation);

    [Fact]
    public async Task The_assistant_answers_from_Azure_AI_Search_and_hands_off_what_it_does_not_hold()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 11, 0, 0, TimeSpan.FromHours(5)));
        await using var services = AssistantServicesBuilder.Build(azurite, time, Settings(), Trust);
        await services.StockSampleShopAsync();
        var report = (await services.GetRequiredService<KnowledgeBase>().CurrentAsync(default))!;
        Assert.Equal(("azure", "lexical"), (report.Retriever, report.Retrieval));
        var shop = services.GetRequiredService<StorageAccount>().Options.Prefix;
        Assert.Equal(report.Chunks, search.Documents(Index).Count(d => (string?)d["shop"] == shop && (string?)d["version"] == report.Version));

        var assistant = services.GetRequiredService<AnswerClientMessage>();
        var answer = await assistant.RunAsync(new IncomingMessage("77001234567", "m1", "Сколько стоит доставка курьером по Алматы?", time.GetUtcNow(), Simulation: true), default);
        Assert.Equal("extractive", answer.AnswerSource);
        Assert.Contains("1 500 ₸", Assert.Single(answer.Replies).Text);
        Assert.NotEmpty(answer.Citations);

        var refused = await assistant.RunAsync(new IncomingMessage("77001234568", "m2", "Можно оплатить биткоином?", time.GetUtcNow(), Simulation: true), default);
        Assert.Null(refused.AnswerSource);
        Assert.True(refused.State.Handoff);

        // Every query went through the 11.5 SDK's api-version with this shop's and version's filter.
        var searches = CallsOf("docs/search").ToList();
        Assert.All(searches, c => Assert.Equal(("2023-11-01", 200), (c.ApiVersion, c.Status)));
        Assert.All(searches, c => Assert.Contains($"shop eq '{shop}' and version eq '{report.Version}'", (string?)c.Body!["filter"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_the_service_refuses_a_changed_version_the_assistant_keeps_answering_from_the_one_in_use()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 11, 0, 0, TimeSpan.FromHours(5)));
        await using var services = AssistantServicesBuilder.Build(azurite, time, Settings(), Trust);
        await services.StockSampleShopAsync();
        var knowledge = services.GetRequiredService<KnowledgeBase>();
        var before = (await knowledge.CurrentAsync(default))!.Version;

        await services.GetRequiredService<KnowledgeStore>().UploadAsync("extra.md", Encoding.UTF8.GetBytes("# Подарочная упаковка\n\nПодарочная упаковка стоит 500 ₸."), default);
        search.Fail("docs/index", 400);
        time.Advance(TimeSpan.FromMinutes(1)); // past Assistant:KnowledgeRefresh: the change is noticed on the next question
        var hits = await knowledge.RetrieveAsync("Сколько стоит доставка курьером по Алматы?", default);
        Assert.True(hits.Answerable);
        Assert.Equal(before, (await knowledge.CurrentAsync(default))!.Version);
        Assert.Contains(CallsOf("docs/index"), c => c.Status == 400);
    }

    [Fact]
    public async Task Heldout_questions_score_the_same_through_Azure_AI_Search_as_through_the_local_index()
    {
        var retriever = Retriever();
        await retriever.IndexAsync("v1", Sample, default);
        var questions = AssistantSamples.EvaluationQuestions("heldout");
        var azure = await RetrievalEvaluation.ScoreAsync(q => Ask(retriever, "v1", q), questions);
        using var index = RetrievalEvaluation.SampleIndex();
        var local = RetrievalEvaluation.Score(index, questions, RetrievalGate.From(new AssistantOptions()));

        // Coverage, the gate's measure, is the same number for every question, so the gate decides alike.
        foreach (var (a, l) in azure.Questions.Zip(local.Questions))
        {
            Assert.True(Math.Abs(a.Coverage - l.Coverage) < 1e-9, $"{a.Question.Question}: azure {a.Coverage}, local {l.Coverage}");
        }
        Assert.Equal(local.Summary(), azure.Summary());
    }

    [Fact]
    public async Task A_catalogue_is_uploaded_in_batches_the_service_accepts()
    {
        await Retriever(batch: 7).IndexAsync("v1", Sample, default);
        var batches = CallsOf("docs/index").ToList();
        Assert.Equal((Sample.Count + 6) / 7, batches.Count);
        Assert.All(batches, b => Assert.True(b.Actions is > 0 and <= 7 && b.Status == 200, $"{b.Actions} actions, HTTP {b.Status}"));
        Assert.Equal(Sample.Count, search.Documents(Index).Count);

        // A large catalogue: the default batch is the service's limit of 1000 documents per request.
        var many = Enumerable.Range(0, 1200).Select(i => new StoredChunk(new KnowledgeChunk($"c{i:D4}", "catalogue.md", "Каталог", $"Туфли модель {i}", i), null)).ToList();
        await Retriever().IndexAsync("v2", many, default);
        Assert.Equal([1000, 200], CallsOf("docs/index").Skip(batches.Count).Select(c => c.Actions));
    }

    [Fact]
    public void Batches_stop_at_1000_documents_and_before_the_16_MB_request_limit()
    {
        static SearchDocument Document(int i, int textLength) => new() { ["key"] = $"k{i}", ["text"] = new string('a', textLength) };
        Assert.Equal([1000, 1000, 500], AzureSearchRetriever.Batches(Enumerable.Range(0, 2500).Select(i => Document(i, 10)), AzureSearchOptions.ServiceMaxBatch, AzureSearchRetriever.MaxBatchBytes).Select(b => b.Count));
        // 2 MB documents: seven fit under the 15 MB budget, the eighth starts a new request.
        var large = AzureSearchRetriever.Batches(Enumerable.Range(0, 10).Select(i => Document(i, 2_000_000)), AzureSearchOptions.ServiceMaxBatch, AzureSearchRetriever.MaxBatchBytes).ToList();
        Assert.Equal([7, 3], large.Select(b => b.Count));
    }

    [Fact]
    public async Task Indexing_returns_only_when_the_service_made_the_whole_version_searchable()
    {
        search.IndexingDelay = TimeSpan.FromSeconds(1.5); // the service indexes uploads in the background
        var retriever = Retriever();
        await retriever.IndexAsync("v1", Sample, default);
        var hits = await Ask(retriever, "v1", "Сколько стоит доставка курьером по Алматы?");
        Assert.True(hits.Answerable);
        using var index = RetrievalEvaluation.SampleIndex();
        var local = KnowledgeRetrieval.Retrieve(index, "Сколько стоит доставка курьером по Алматы?", RetrievalGate.From(new AssistantOptions()));
        Assert.Equal(local.Best!.Coverage, hits.Best!.Coverage, 9); // the cached document counts are of the complete version
        Assert.True(CallsOf("docs/search").Count() > 2, "the upload polled the version's count until it was complete");
    }

    [Fact]
    public async Task Each_shop_finds_only_its_own_chunks_in_the_shared_index()
    {
        var shopA = Retriever("shopa");
        var shopB = Retriever("shopb");
        await shopA.IndexAsync("v1", Sample, default);
        await shopB.IndexAsync("v1", [new StoredChunk(new KnowledgeChunk("delivery-b", "b.md", "Доставка", "Доставка курьером по Алматы стоит 900 ₸.", 0), null)], default);
        var a = await Ask(shopA, "v1", "Сколько стоит доставка курьером по Алматы?");
        var b = await Ask(shopB, "v1", "Сколько стоит доставка курьером по Алматы?");
        Assert.DoesNotContain(a.Ranked, r => r.Chunk.Id == "delivery-b");
        Assert.Equal("delivery-b", Assert.Single(b.Ranked).Chunk.Id);
    }

    [Fact]
    public async Task Deleting_a_replaced_version_removes_only_its_documents()
    {
        var shopA = Retriever("shopa");
        await shopA.IndexAsync("v1", Sample, default);
        await shopA.IndexAsync("v2", Sample.Take(3).ToList(), default);
        await Retriever("shopb").IndexAsync("v1", Sample.Take(2).ToList(), default);
        await shopA.DeleteAsync("v1", default);
        var left = search.Documents(Index).Select(d => ((string)d["shop"]!, (string)d["version"]!)).ToList();
        Assert.Equal(3, left.Count(d => d == ("shopa", "v2")));
        Assert.Equal(2, left.Count(d => d == ("shopb", "v1")));
        Assert.DoesNotContain(("shopa", "v1"), left);
        Assert.False((await Ask(shopA, "v1", "Сколько стоит доставка курьером по Алматы?")).Answerable);
    }

    [Fact]
    public async Task A_429_and_a_503_with_Retry_After_are_waited_out_and_retried()
    {
        var retriever = Retriever();
        search.Fail("docs/index", 503, retryAfter: "1");
        await retriever.IndexAsync("v1", Sample, default);
        search.Fail("docs/search", 429, retryAfter: "1");
        var hits = await Ask(retriever, "v1", "Сколько стоит доставка курьером по Алматы?");
        Assert.True(hits.Answerable);
        foreach (var operation in new[] { "docs/index", "docs/search" })
        {
            var calls = CallsOf(operation).ToList();
            var refused = calls.FindIndex(c => c.Status is 429 or 503);
            Assert.Equal(operation == "docs/index" ? 503 : 429, calls[refused].Status);
            Assert.Equal(200, calls[refused + 1].Status);
            var waited = calls[refused + 1].At - calls[refused].At;
            Assert.True(waited >= TimeSpan.FromMilliseconds(900), $"{operation}: retried after {waited.TotalMilliseconds} ms");
        }
    }

    [Fact]
    public async Task A_service_that_stays_unavailable_is_a_transient_error_after_the_retries()
    {
        var retriever = Retriever();
        await retriever.IndexAsync("v1", Sample, default);
        search.Fail("docs/search", 503, times: 3);
        var error = await Assert.ThrowsAsync<UpstreamException>(() => retriever.SearchAsync("v1", "доставка", null, 5, default));
        Assert.True(error.Transient);
        Assert.Contains("HTTP 503", error.Message);
        Assert.Equal(3, CallsOf("docs/search").Count(c => c.Status == 503));
    }

    [Fact]
    public async Task A_wrong_key_is_a_clear_error_naming_the_setting_and_is_not_retried()
    {
        var error = await Assert.ThrowsAsync<UpstreamException>(() => Retriever(key: "not-the-key").IndexAsync("v1", Sample, default));
        Assert.False(error.Transient);
        Assert.Contains("HTTP 403", error.Message);
        Assert.Contains("AzureSearch:ApiKey", error.Message);
        Assert.Equal(403, Assert.Single(search.Calls).Status);
    }

    [Fact]
    public async Task Uploading_a_document_with_a_wrong_key_answers_502_problem_json_naming_the_setting()
    {
        await using var app = await TestApp.StartAsync(azurite, settings: Settings("not-the-key"), configureServices: Trust);
        var document = AssistantSamples.KnowledgeDocuments()[0];
        var response = await app.Client.PutAsync($"/api/assistant/knowledge/{document.Name}", new ByteArrayContent(document.Content));
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("AzureSearch:ApiKey", (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_index_with_a_conflicting_schema_is_a_clear_error_with_the_service_message()
    {
        // Someone created the index with "terms" analysed differently: the service refuses to change an existing field.
        using var http = new HttpClient(search.TrustingHandler()) { BaseAddress = search.BaseAddress };
        http.DefaultRequestHeaders.Add("api-key", FakeAzureSearchServer.AdminKey);
        var schema = new JsonObject
        {
            ["name"] = Index,
            ["fields"] = new JsonArray(
                new JsonObject { ["name"] = "key", ["type"] = "Edm.String", ["key"] = true, ["searchable"] = false },
                new JsonObject { ["name"] = "terms", ["type"] = "Edm.String", ["searchable"] = true, ["analyzer"] = "ru.lucene" }),
        };
        (await http.PutAsync($"/indexes/{Index}?api-version=2023-11-01", new StringContent(schema.ToJsonString(), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var error = await Assert.ThrowsAsync<UpstreamException>(() => Retriever().IndexAsync("v1", Sample, default));
        Assert.False(error.Transient);
        Assert.Contains("HTTP 400", error.Message);
        Assert.Contains("Existing field 'terms' cannot be changed", error.Message);
    }

    [Fact]
    public async Task A_document_the_app_did_not_write_is_reported_not_answered_from()
    {
        var retriever = Retriever();
        await retriever.IndexAsync("v1", Sample.Take(1).ToList(), default);
        using var http = new HttpClient(search.TrustingHandler()) { BaseAddress = search.BaseAddress };
        http.DefaultRequestHeaders.Add("api-key", FakeAzureSearchServer.AdminKey);
        var foreign = new JsonObject { ["value"] = new JsonArray(new JsonObject { ["@search.action"] = "upload", ["key"] = "foreign", ["shop"] = "shopa", ["version"] = "v1", ["terms"] = "доставк" }) };
        (await http.PostAsync($"/indexes/{Index}/docs/index?api-version=2023-11-01", new StringContent(foreign.ToJsonString(), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var error = await Assert.ThrowsAsync<UpstreamException>(() => retriever.SearchAsync("v1", "доставка", null, 5, default));
        Assert.Contains("'chunkId'", error.Message);
    }

    [Theory]
    [InlineData("azure", null, "key", "AzureSearch:Endpoint")]
    [InlineData("azure", "https://svc.search.windows.net", null, "AzureSearch:ApiKey")]
    [InlineData("azure", "not a url", "key", "AzureSearch:Endpoint")]
    [InlineData("elastic", null, null, "Assistant:Search")]
    public void A_wrong_search_setting_fails_at_start_up_naming_it(string choice, string? endpoint, string? key, string named)
    {
        var time = new FakeTimeProvider();
        var error = Assert.Throws<InvalidOperationException>(() => AssistantServicesBuilder.Build(azurite, time, new Dictionary<string, string?>
        {
            ["Assistant:Search"] = choice,
            ["AzureSearch:Endpoint"] = endpoint,
            ["AzureSearch:ApiKey"] = key,
        }));
        Assert.Contains(named, error.Message);
    }

    [Theory]
    [InlineData("IndexName", "Knowledge_Base", "AzureSearch:IndexName")]
    [InlineData("BatchSize", "1001", "AzureSearch:BatchSize")]
    [InlineData("BatchSize", "0", "AzureSearch:BatchSize")]
    public void An_index_name_or_batch_size_the_service_would_refuse_fails_at_start_up(string setting, string value, string named)
    {
        var time = new FakeTimeProvider();
        var settings = Settings();
        settings["AzureSearch:" + setting] = value;
        Assert.Contains(named, Assert.Throws<InvalidOperationException>(() => AssistantServicesBuilder.Build(azurite, time, settings)).Message);
    }
}
