using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SalesCoach.Core.Agent;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Agent;

/// <summary>An amoCRM note on a deal, through the real webhook, queue and processing, becomes an intervention for the deal's owner.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AmoCrmNoteInterventionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Secret = "loopback-amo-secret";
    private TestApp app = null!;

    public async Task InitializeAsync() =>
        app = await TestApp.StartAsync(azurite, dispatcher: true, settings: new Dictionary<string, string?> { ["AmoCrm:WebhookSecret"] = Secret, ["SalesCoach:OutboxSchedule"] = "0 0 0 1 1 *" });

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_note_with_a_price_objection_reaches_the_deal_owner()
    {
        var now = DateTimeOffset.UtcNow;
        await app.Get<ManagerRepository>().UpsertAsync(new Manager { Id = "amo-938348", Name = "Олег", TimeZone = "Europe/Moscow", Team = "t", TelegramChatId = 4242 }, default);
        await app.Get<DealRepository>().UpsertAsync(new Deal { Id = "amo-555", Name = "Кухня на заказ", ManagerId = "amo-938348", Budget = 90_000m, Stage = "Переговоры", CreatedAt = now.AddDays(-5), UpdatedAt = now.AddDays(-1) }, default);
        var text = Uri.EscapeDataString("Клиент: у конкурентов монтаж в полцены, сделаете скидку?");
        var body = $"leads[note][0][note][id]=9001&leads[note][0][note][element_id]=555&leads[note][0][note][note_type]=4&leads[note][0][note][text]={text}&leads[note][0][note][created_at]={now.ToUnixTimeSeconds()}";

        var accepted = await (await app.Client.PostAsync(new Uri("/api/webhooks/amocrm?secret=" + Secret, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"))).Content.ReadFromJsonAsync<JsonElement>();
        var id = accepted.GetProperty("delivery_id").GetString();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<OutboxMessage> queued;
        do
        {
            await Task.Delay(200);
            queued = [.. (await app.Get<OutboxRepository>().ListAsync(null, "amo-938348", 10, default)).Where(m => m.Kind == OutboxKind.Intervention)];
        }
        while (queued.Count == 0 && DateTime.UtcNow < deadline);

        var message = Assert.Single(queued);
        Assert.Equal((4242L, "amo-555"), (message.ChatId!.Value, message.DealId));
        var intervention = Assert.Single(await app.Get<InterventionRepository>().ListAsync("deal-amo-555", default));
        Assert.Equal([Signal.PriceObjection, Signal.Competitor], intervention.Signals);
        Assert.Equal("amocrm", intervention.Source);
        Assert.False(string.IsNullOrEmpty(id));
    }
}
