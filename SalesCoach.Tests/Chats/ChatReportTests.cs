using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SalesCoach.Core.Chats;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Chats;

/// <summary>GET /api/reports/chats on a real Azurite: JSON, the XLSX workbook, CSV tables, bad parameters.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChatReportTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Period = "from=2026-11-16T00:00:00Z&to=2026-11-23T00:00:00Z";
    private TestApp app = null!;

    public async Task InitializeAsync()
    {
        app = await TestApp.StartAsync(azurite);
        JsonObject Msg(string id, string chat, string direction, string at, string text, string? manager = null) =>
            new() { ["type"] = "message", ["id"] = id, ["chat_id"] = chat, ["direction"] = direction, ["sent_at"] = at, ["text"] = text, ["manager_id"] = manager };
        var records = new JsonArray(
            new JsonObject { ["type"] = "manager", ["id"] = "m1", ["name"] = "Анна", ["time_zone"] = "Europe/Moscow" },
            new JsonObject { ["type"] = "chat", ["id"] = "c1", ["channel"] = "whatsapp", ["manager_id"] = "m1", ["created_at"] = "2026-11-20T09:00:00Z", ["updated_at"] = "2026-11-20T09:30:00Z", ["order_id"] = "rc-1001" },
            new JsonObject { ["type"] = "chat", ["id"] = "c2", ["channel"] = "instagram", ["manager_id"] = "m1", ["created_at"] = "2026-11-21T09:00:00Z", ["updated_at"] = "2026-11-21T09:00:00Z" },
            // 12:00 Moscow; replied in 4 minutes with a question, then an offer.
            Msg("a1", "c1", "inbound", "2026-11-20T09:00:00Z", "Сколько стоит доставка?"),
            Msg("a2", "c1", "outbound", "2026-11-20T09:04:00Z", "Добрый день! Куда доставить и какой объём?", "m1"),
            Msg("a3", "c1", "inbound", "2026-11-20T09:10:00Z", "В Казань, 3 коробки"),
            Msg("a4", "c1", "outbound", "2026-11-20T09:30:00Z", "Давайте оформим, отправлю ссылку на оплату", "m1"),
            // Never answered.
            Msg("b1", "c2", "inbound", "2026-11-21T09:00:00Z", "Есть в наличии?"));
        var response = await app.Client.PostAsync("/api/import", new StringContent(records.ToJsonString(), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Json_report_holds_every_seed_table_with_the_managers_numbers()
    {
        var report = await app.JsonAsync(await app.Client.GetAsync("/api/reports/chats?" + Period));
        var tables = report.GetProperty("tables").EnumerateArray().ToList();
        Assert.Equal(ChatReport.TableNames, tables.Select(t => t.GetProperty("name").GetString()));

        var summary = tables.Single(t => t.GetProperty("name").GetString() == "manager_summary");
        var columns = summary.GetProperty("columns").EnumerateArray().Select(c => c.GetString()).ToList();
        var row = Assert.Single(summary.GetProperty("rows").EnumerateArray()).EnumerateArray().ToList();
        object Cell(string name) => row[columns.IndexOf(name)].ToString();
        Assert.Equal("Анна", Cell("manager_name"));
        Assert.Equal("2", Cell("chats"));
        Assert.Equal("240", Cell("median_first_response_sec"));
        Assert.Equal("0.5", Cell("response_rate"));

        var advice = tables.Single(t => t.GetProperty("name").GetString() == "chat_advice").GetProperty("rows").EnumerateArray()
            .Select(r => $"{r[0].GetString()}:{r[2].GetString()}").ToList();
        Assert.Contains("c2:no_manager_reply", advice);
        Assert.DoesNotContain(advice, a => a.StartsWith("c1:", StringComparison.Ordinal));

        // c1 ended in an order after one situation question; c2 did not and had none.
        var conversion = tables.Single(t => t.GetProperty("name").GetString() == "spin_conversion").GetProperty("rows").EnumerateArray()
            .Select(r => $"{r[0].GetString()}:{r[1].GetInt32()}:{r[2].GetInt32()}").ToList();
        Assert.Equal(["no_order:1:0", "order:1:1"], conversion);
    }

    [Fact]
    public async Task Xlsx_is_one_workbook_with_a_sheet_per_table()
    {
        var response = await app.Client.GetAsync("/api/reports/chats.xlsx?" + Period);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var workbook = SpreadsheetDocument.Open(stream, false);
        var sheets = workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(ChatReport.TableNames, sheets.Select(s => s.Name!.Value));
        var messages = (WorksheetPart)workbook.WorkbookPart.GetPartById(sheets[1].Id!);
        Assert.Equal(6, messages.Worksheet.Descendants<Row>().Count()); // header + 5 messages
    }

    [Fact]
    public async Task Csv_is_one_table_quoted_per_rfc_4180()
    {
        var response = await app.Client.GetAsync("/api/reports/chats?format=csv&table=messages_raw&" + Period);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("chat_id,message_id,sent_at,direction,manager_id,text", lines[0]);
        Assert.Contains("c1,a4,2026-11-20T09:30:00Z,out,m1,\"Давайте оформим, отправлю ссылку на оплату\"", lines);
    }

    [Fact]
    public async Task With_an_llm_configured_the_report_uses_its_spin_labels()
    {
        await using var openAi = await Fakes.FakeAzureOpenAiServer.StartNewAsync();
        openAi.Answer("""{"labels":[{"index":0,"type":"problem"}]}""");
        await using var llmApp = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["SalesCoach:StoragePrefix"] = app.Prefix,
            ["OpenAI:Endpoint"] = openAi.BaseAddress.ToString(),
            ["OpenAI:Deployment"] = Fakes.FakeAzureOpenAiServer.Deployment,
            ["OpenAI:ApiKey"] = Fakes.FakeAzureOpenAiServer.Key,
        });
        var report = await llmApp.JsonAsync(await llmApp.Client.GetAsync("/api/reports/chats?" + Period));
        var spin = report.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "spin_manager_metrics");
        var row = Assert.Single(spin.GetProperty("rows").EnumerateArray()).EnumerateArray().ToList();
        // columns: manager_id, manager_name, situation, problem, …: the lexicon would say situation.
        Assert.Equal((0, 1), (row[2].GetInt32(), row[3].GetInt32()));
        Assert.Single(openAi.Calls);
    }

    [Fact]
    public async Task A_team_report_covers_only_that_teams_managers()
    {
        var everyone = await app.JsonAsync(await app.Client.GetAsync("/api/reports/chats?team=default&" + Period));
        Assert.Equal(2, everyone.GetProperty("tables")[0].GetProperty("rows").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/api/reports/chats?team=nobody&" + Period)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.GetAsync("/api/reports/chats?team=a%2Fb&" + Period)).StatusCode);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-11-23T00:00:00Z&to=2026-11-01T00:00:00Z", "to")]
    [InlineData("from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    [InlineData("format=pdf", "format")]
    [InlineData("format=csv&table=everything", "table")]
    public async Task Bad_parameters_are_400_naming_them(string query, string field)
    {
        var response = await app.Client.GetAsync("/api/reports/chats?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await app.JsonAsync(response)).GetProperty("field").GetString());
    }
}
