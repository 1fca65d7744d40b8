using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Crm;

/// <summary>POST /api/import on a real Azurite: the normalized schema, idempotency, out-of-order, and every class of bad input.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ImportDataTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestApp app = null!;

    // Chunks of 3 records, so a file of a few records spans several chunks.
    public async Task InitializeAsync() => app = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?> { ["Import:MaxBytes"] = "200000", ["Import:ChunkSize"] = "3" });

    public async Task DisposeAsync() => await app.DisposeAsync();

    private static JsonObject Manager(string id = "m1") => new() { ["type"] = "manager", ["id"] = id, ["name"] = "Анна", ["time_zone"] = "Asia/Almaty", ["team"] = "north", ["telegram_chat_id"] = 42 };

    private static JsonObject Deal(string id = "d1", string updated = "2026-11-01T10:00:00Z", string name = "Deal") => new()
    {
        ["type"] = "deal", ["id"] = id, ["name"] = name, ["manager_id"] = "m1", ["budget"] = 1200.5, ["currency"] = "KZT",
        ["stage"] = "Переговоры", ["status"] = "open", ["created_at"] = "2026-10-01T10:00:00Z", ["updated_at"] = updated,
    };

    private static JsonObject Call(string id = "a1", int seconds = 300) => new()
    {
        ["type"] = "activity", ["id"] = id, ["deal_id"] = "d1", ["kind"] = "call", ["occurred_at"] = "2026-10-02T10:00:00Z",
        ["direction"] = "outbound", ["duration_seconds"] = seconds,
    };

    private static JsonObject ChatRecord() => new() { ["type"] = "chat", ["id"] = "c1", ["channel"] = "whatsapp", ["manager_id"] = "m1", ["client_phone"] = "77001234567", ["created_at"] = "2026-10-01T09:00:00Z" };

    private static JsonObject Message(string id = "msg1") => new() { ["type"] = "message", ["id"] = id, ["chat_id"] = "c1", ["direction"] = "inbound", ["text"] = "Сколько стоит?", ["sent_at"] = "2026-10-01T09:05:00Z" };

    private async Task<HttpResponseMessage> ImportAsync(params JsonNode[] records) =>
        await ImportRawAsync(new JsonArray(records.Select(r => r.DeepClone()).ToArray()).ToJsonString());

    private async Task<HttpResponseMessage> ImportRawAsync(string body) =>
        await app.Client.PostAsync("/api/import", new StringContent(body, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Every_record_type_lands_in_storage()
    {
        var response = await ImportAsync(Manager(), Deal(), Call(), ChatRecord(), Message());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await app.JsonAsync(response);
        Assert.Equal(5, result.GetProperty("records").GetInt32());
        Assert.Equal(1, result.GetProperty("deals").GetInt32());

        Assert.Equal("Asia/Almaty", (await app.Get<ManagerRepository>().GetAsync("m1", default))!.TimeZone);
        var deal = await app.Get<DealRepository>().GetAsync("d1", default);
        Assert.Equal(1200.5m, deal!.Budget);
        Assert.Equal("KZT", deal.Currency);
        var call = Assert.Single(await app.Get<ActivityRepository>().ListByDealAsync("d1", default));
        Assert.Equal(ActivityKind.Call, call.Kind);
        Assert.Equal(300, call.DurationSeconds);
        Assert.Equal(Channel.Whatsapp, (await app.Get<ChatRepository>().GetAsync("c1", default))!.Channel);
        Assert.Equal("Сколько стоит?", Assert.Single(await app.Get<ChatRepository>().ListMessagesAsync("c1", default)).Text);
    }

    [Fact]
    public async Task Importing_the_same_records_twice_changes_nothing()
    {
        (await ImportAsync(Manager(), Deal(), Call(), ChatRecord(), Message())).EnsureSuccessStatusCode();
        var second = await app.JsonAsync(await ImportAsync(Manager(), Deal(), Call(), ChatRecord(), Message()));
        Assert.Equal(0, second.GetProperty("deals").GetInt32());
        Assert.Equal(5, second.GetProperty("unchanged").GetInt32());
        Assert.Single(await app.Get<ActivityRepository>().ListByDealAsync("d1", default));
        Assert.Single(await app.Get<ChatRepository>().ListMessagesAsync("c1", default));
    }

    [Fact]
    public async Task A_file_with_one_record_changed_writes_only_the_chunk_that_holds_it()
    {
        (await ImportAsync(Manager(), Deal(), Call(), ChatRecord(), Message())).EnsureSuccessStatusCode();
        // The first chunk (manager, deal, call) is as before; the second (chat, message) has a new message text.
        var changed = Message();
        changed["text"] = "А доставка?";
        var second = await app.JsonAsync(await ImportAsync(Manager(), Deal(), Call(), ChatRecord(), changed));
        Assert.Equal(3, second.GetProperty("unchanged").GetInt32());
        Assert.Equal(1, second.GetProperty("messages").GetInt32());
        Assert.Equal("А доставка?", Assert.Single(await app.Get<ChatRepository>().ListMessagesAsync("c1", default)).Text);
    }

    [Fact]
    public async Task A_changed_deal_in_a_re_import_is_written_and_an_older_one_is_kept_out()
    {
        (await ImportAsync(Manager(), Deal(updated: "2026-11-05T00:00:00Z", name: "Newer"))).EnsureSuccessStatusCode();
        var older = await app.JsonAsync(await ImportAsync(Manager(), Deal(updated: "2026-11-02T00:00:00Z", name: "Older")));
        Assert.Equal(1, older.GetProperty("deals_kept_newer").GetInt32());
        Assert.Equal("Newer", (await app.Get<DealRepository>().GetAsync("d1", default))!.Name);
    }

    public static TheoryData<string, string, string> DanglingReferences => new()
    {
        { "deal names a manager nobody defines", Deal().ToJsonString(), "[0].manager_id" },
        { "activity names a deal nobody defines", Call().ToJsonString(), "[0].deal_id" },
        { "message names a chat nobody defines", Message().ToJsonString(), "[0].chat_id" },
        { "chat names a manager nobody defines", ChatRecord().ToJsonString(), "[0].manager_id" },
    };

    [Theory]
    [MemberData(nameof(DanglingReferences))]
    public async Task A_reference_to_an_id_neither_in_the_file_nor_stored_is_400_naming_it_and_nothing_is_written(string what, string record, string field)
    {
        var response = await ImportRawAsync($"[{record},{Manager("m9").ToJsonString()}]");
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, what);
        Assert.Equal(field, (await app.JsonAsync(response)).GetProperty("field").GetString());
        Assert.Null(await app.Get<ManagerRepository>().GetAsync("m9", default));
    }

    [Fact]
    public async Task A_reference_must_come_after_what_it_names_or_name_something_stored()
    {
        // The call comes before its deal: refused, nothing written.
        var backwards = await ImportAsync(Manager(), Call(), Deal());
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal("[1].deal_id", (await app.JsonAsync(backwards)).GetProperty("field").GetString());
        Assert.Null(await app.Get<DealRepository>().GetAsync("d1", default));

        // Once the deal is stored, a file of calls alone may name it.
        (await ImportAsync(Manager(), Deal())).EnsureSuccessStatusCode();
        (await ImportAsync(Call("a2"))).EnsureSuccessStatusCode();
        Assert.Single(await app.Get<ActivityRepository>().ListByDealAsync("d1", default));
    }

    [Fact]
    public async Task An_older_update_never_overwrites_a_newer_one()
    {
        (await ImportAsync(Manager(), Deal(updated: "2026-11-05T00:00:00Z", name: "Newer"))).EnsureSuccessStatusCode();
        (await ImportAsync(Deal(updated: "2026-11-02T00:00:00Z", name: "Older"))).EnsureSuccessStatusCode();
        Assert.Equal("Newer", (await app.Get<DealRepository>().GetAsync("d1", default))!.Name);
        (await ImportAsync(Deal(updated: "2026-11-07T00:00:00Z", name: "Newest"))).EnsureSuccessStatusCode();
        Assert.Equal("Newest", (await app.Get<DealRepository>().GetAsync("d1", default))!.Name);
    }

    public static TheoryData<string, string> BadRecords => new()
    {
        { Set(Deal(), "type", "invoice"), "[1].type" },
        { Without(Deal(), "id"), "[1].id" },
        { Set(Deal(), "id", "a/b"), "[1].id" },
        { Set(Call(), "duration_seconds", -5), "[1].duration_seconds" },
        { Set(Call(), "duration_seconds", 90000), "[1].duration_seconds" },
        { Set(Call(), "occurred_at", "3000-01-01T00:00:00Z"), "[1].occurred_at" },
        { Set(Call(), "occurred_at", "1970-01-01T00:00:00Z"), "[1].occurred_at" },
        { Set(Call(), "occurred_at", "yesterday"), "[1].occurred_at" },
        { Set(Call(), "kind", "fax"), "[1].kind" },
        { Set(Deal(), "budget", -1), "[1].budget" },
        { Set(Deal(), "budget", "lots"), "[1].budget" },
        { Set(Deal(), "currency", "rubles"), "[1].currency" },
        { Set(Deal(), "updated_at", "2026-09-01T00:00:00Z"), "[1].updated_at" },
        { Set(Manager("m2"), "time_zone", "Mars/Olympus"), "[1].time_zone" },
        { Set(Message(), "text", new string('x', 32_001)), "[1].text" },
        { "42", "[1]" },
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public async Task A_bad_record_is_400_naming_it_and_nothing_is_written(string badRecord, string field)
    {
        var body = $"[{Manager()},{badRecord},{Deal("d-ok")}]";
        var response = await ImportRawAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await app.JsonAsync(response)).GetProperty("field").GetString());
        Assert.Null(await app.Get<ManagerRepository>().GetAsync("m1", default));
        Assert.Null(await app.Get<DealRepository>().GetAsync("d-ok", default));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"type\":\"deal\"}")]
    [InlineData("[{\"type\":\"manager\",")]
    [InlineData("not json")]
    public async Task A_body_that_is_not_a_json_array_is_400(string body)
    {
        var response = await ImportRawAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // "$" or, where the reader got that far, the JSON path it stopped at ("$[0]").
        Assert.StartsWith("$", (await app.JsonAsync(response)).GetProperty("field").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_body_is_413_and_nothing_is_written()
    {
        var records = Enumerable.Range(0, 2000).Select(i => (JsonNode)Deal($"big{i}")).Prepend(Manager()).ToArray();
        var response = await ImportAsync(records);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(await app.Get<ManagerRepository>().GetAsync("m1", default));
    }

    private static string Set(JsonObject record, string name, JsonNode? value)
    {
        record[name] = value;
        return record.ToJsonString();
    }

    private static string Without(JsonObject record, string name)
    {
        record.Remove(name);
        return record.ToJsonString();
    }
}
