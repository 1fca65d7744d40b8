// Owns the assistant's HTTP endpoints: the simulation (a whole order, redelivery, handoff) and the uploads, with every class of bad input.
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SalesCoach.Core.Assistant.Knowledge;
using SalesCoach.Core.Assistant.Samples;
using SalesCoach.Core.Assistant.Stock;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Assistant;

[Collection(AzuriteCollection.Name)]
public sealed class AssistantApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Client = "+7 700 555 12 34";
    private TestApp app = null!;

    public async Task InitializeAsync()
    {
        app = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?> { ["Assistant:ManagerPhones:0"] = AssistantServicesBuilder.ManagerPhone });
        // All but one document straight into the container; the upload of the last one indexes them all (once).
        var documents = AssistantSamples.KnowledgeDocuments();
        foreach (var (name, content) in documents.SkipLast(1))
        {
            await app.Get<KnowledgeStore>().UploadAsync(name, content, default);
        }
        (await app.Client.PutAsync($"/api/assistant/knowledge/{documents[^1].Name}", new ByteArrayContent(documents[^1].Content))).EnsureSuccessStatusCode();
        (await app.Client.PutAsync("/api/assistant/inventory", new ByteArrayContent(InventoryWorkbook.Sample()))).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<JsonElement> Say(string text, string phone = Client, string? messageId = null)
    {
        var response = await app.Client.PostAsJsonAsync("/api/assistant/simulate", new { phone, text, message_id = messageId });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await app.JsonAsync(response);
    }

    private static string Reply(JsonElement answer) => string.Join("\n", answer.GetProperty("replies").EnumerateArray().Select(r => r.GetProperty("text").GetString()));

    [Fact]
    public async Task A_whole_order_through_the_simulation_is_created_once()
    {
        Assert.Contains("Какой цвет", Reply(await Say("Здравствуйте! Хочу заказать лоферы Милан")));
        await Say("бежевые");
        Assert.Contains("В какой город", Reply(await Say("38")));
        await Say("Алматы");
        Assert.Contains("Всё верно", Reply(await Say("пр. Абая 52, кв 7")));
        var placed = await Say("да", messageId: "3AORDER0001");
        var order = placed.GetProperty("order").GetString()!;
        Assert.Contains(order, Reply(placed));
        Assert.Equal("ordered", placed.GetProperty("state").GetProperty("stage").GetString());

        var again = await Say("да", messageId: "3AORDER0001"); // the same message again
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Empty(again.GetProperty("replies").EnumerateArray());
        var orders = await app.Get<SalesCoach.Core.Assistant.Orders.AssistantOrders>().ListAsync("sim-77005551234", default);
        Assert.Equal(order, Assert.Single(orders).Number);
        Assert.True(orders[0].Simulated);
    }

    [Fact]
    public async Task An_answer_cites_the_chunks_it_used_and_a_question_the_documents_do_not_answer_hands_off()
    {
        var answer = await Say("Можно оплатить через Kaspi?");
        Assert.Equal("extractive", answer.GetProperty("answer_source").GetString());
        Assert.StartsWith("payment", answer.GetProperty("citations")[0].GetString());

        var refused = await Say("Можно расплатиться криптовалютой?");
        Assert.Contains("уточню у менеджера", Reply(refused));
        Assert.True(refused.GetProperty("state").GetProperty("handoff").GetBoolean());
        Assert.Empty((await Say("Ау?")).GetProperty("replies").EnumerateArray()); // handed off: silent
    }

    [Fact]
    public async Task Only_a_manager_phone_switches_handoff_anyone_else_gets_a_normal_answer()
    {
        var notManager = await Say("/handoff on 77005551234", phone: "77009998877");
        Assert.DoesNotContain("включена", Reply(notManager));

        Assert.Contains("включена", Reply(await Say("/handoff on 77005551234", phone: AssistantServicesBuilder.ManagerPhone)));
        Assert.Contains("включена", Reply(await Say("/handoff status 77005551234", phone: AssistantServicesBuilder.ManagerPhone)));
        Assert.Empty((await Say("Есть рассрочка?")).GetProperty("replies").EnumerateArray());
        Assert.Contains("выключена", Reply(await Say("/handoff off 77005551234", phone: AssistantServicesBuilder.ManagerPhone)));
        Assert.Contains("Kaspi Red", Reply(await Say("Есть рассрочка?")));
        Assert.Contains("/handoff on|off|status", Reply(await Say("/handoff maybe", phone: AssistantServicesBuilder.ManagerPhone)));
    }

    [Theory]
    [InlineData("""{"text":"Привет"}""", "phone")]
    [InlineData("""{"phone":"12","text":"Привет"}""", "phone")]
    [InlineData("""{"phone":"77005551234"}""", "text")]
    [InlineData("""{"phone":"77005551234","text":"   "}""", "text")]
    [InlineData("""{"phone":"77005551234","text":"Привет","message_id":"a/b"}""", "message_id")]
    [InlineData("""{"phone":77005551234,"text":"Привет"}""", "phone")]
    [InlineData("""{"phone":"77005551234","text":"Привет\ud800"}""", "$")]
    [InlineData("""{"phone":"77005551234",""", "$")]
    [InlineData("", "$")]
    public async Task A_bad_simulation_request_is_a_400_naming_the_field(string body, string field)
    {
        var response = await app.Client.PostAsync("/api/assistant/simulate", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await app.JsonAsync(response);
        Assert.Contains(field, problem.GetRawText());
    }

    [Fact]
    public async Task A_text_longer_than_the_limit_is_a_400()
    {
        var response = await app.Client.PostAsJsonAsync("/api/assistant/simulate", new { phone = "77005551234", text = new string('а', 4001) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Uploads_refuse_what_they_cannot_read_and_change_nothing()
    {
        var before = await app.JsonAsync(await app.Client.GetAsync("/api/assistant/knowledge"));
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.PutAsync("/api/assistant/knowledge/notes.txt", new StringContent("text"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.PutAsync("/api/assistant/knowledge/broken.docx", new ByteArrayContent("not a zip"u8.ToArray()))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.PutAsync("/api/assistant/knowledge/empty.md", new ByteArrayContent([]))).StatusCode);
        var after = await app.JsonAsync(await app.Client.GetAsync("/api/assistant/knowledge"));
        Assert.Equal(before.GetProperty("version").GetString(), after.GetProperty("version").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.PutAsync("/api/assistant/inventory", new ByteArrayContent("a,b"u8.ToArray()))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.PutAsync("/api/assistant/photos/milan.gif", new ByteArrayContent([1]))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.PutAsync("/api/assistant/photos/milan.jpg", new ByteArrayContent([]))).StatusCode);
        Assert.Contains("Какой цвет", Reply(await Say("Хочу заказать лоферы Милан"))); // the sheet in use is still the good one
    }

    [Fact]
    public async Task An_inventory_with_bad_rows_is_used_and_the_rows_reported()
    {
        var sheet = InventoryWorkbook.Write([["Туфли Ника", "37", "красные", "2", "25000"], ["Туфли Ника", "38", "красные", "много", "25000"]]);
        var answer = await app.JsonAsync(await app.Client.PutAsync("/api/assistant/inventory", new ByteArrayContent(sheet)));
        Assert.Equal(1, answer.GetProperty("lines").GetInt32());
        var bad = Assert.Single(answer.GetProperty("bad_rows").EnumerateArray());
        Assert.Equal((3, "quantity"), (bad.GetProperty("row").GetInt32(), bad.GetProperty("column").GetString()));
        Assert.Contains("В наличии: 37.", Reply(await Say("Есть туфли Ника?", phone: "77005550000"))); // 38 was the bad row
    }

    [Fact]
    public async Task A_new_document_is_answered_from_right_after_its_upload()
    {
        var refused = await Say("Продаёте зонты?", phone: "77005550001");
        Assert.True(refused.GetProperty("state").GetProperty("handoff").GetBoolean());
        var docx = KnowledgeDocumentTests.Docx("Зонты", ["Зонты продаём: складные зонты от 9 000 ₸, трости от 14 000 ₸."]);
        var report = await app.JsonAsync(await app.Client.PutAsync("/api/assistant/knowledge/umbrellas.docx", new ByteArrayContent(docx)));
        Assert.Contains(report.GetProperty("documents").EnumerateArray(), d => d.GetProperty("name").GetString() == "umbrellas.docx" && d.GetProperty("chunks").GetInt32() == 1);
        Assert.Contains("9 000 ₸", Reply(await Say("Продаёте зонты?", phone: "77005550002")));
    }
}
