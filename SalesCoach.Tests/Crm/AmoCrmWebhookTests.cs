using System.Net;
using System.Text;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Crm;

/// <summary>amoCRM's form-encoded webhook deliveries, as amoCRM sends them, against a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AmoCrmWebhookTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Secret = "loopback-amo-secret";
    private static readonly long Now = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
    private TestApp app = null!;

    public async Task InitializeAsync()
    {
        app = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?> { ["AmoCrm:WebhookSecret"] = Secret });
        await app.Get<ManagerRepository>().UpsertAsync(DealBuilder.Manager("amo-938348"), default);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private static string Status(long modified, long status = 10216994, long oldStatus = 10216995, string id = "31926520") =>
        $"leads%5Bstatus%5D%5B0%5D%5Bid%5D={id}&leads%5Bstatus%5D%5B0%5D%5Bname%5D=Some+test+lead&leads%5Bstatus%5D%5B0%5D%5Bstatus_id%5D={status}" +
        $"&leads%5Bstatus%5D%5B0%5D%5Bold_status_id%5D={oldStatus}&leads%5Bstatus%5D%5B0%5D%5Bprice%5D=1000&leads%5Bstatus%5D%5B0%5D%5Bresponsible_user_id%5D=938348" +
        $"&leads%5Bstatus%5D%5B0%5D%5Blast_modified%5D={modified}&leads%5Bstatus%5D%5B0%5D%5Bdate_create%5D={Now - 86400}&leads%5Bstatus%5D%5B0%5D%5Bpipeline_id%5D=2116" +
        "&account%5Bsubdomain%5D=test000002";

    private async Task<HttpResponseMessage> DeliverAsync(string body, string? secret = Secret, string contentType = "application/x-www-form-urlencoded") =>
        await app.Client.PostAsync("/api/webhooks/amocrm" + (secret is null ? "" : "?secret=" + secret), new StringContent(body, Encoding.UTF8, contentType));

    [Fact]
    public async Task A_status_change_updates_the_deal_records_the_move_and_re_analyses_it()
    {
        var response = await DeliverAsync(Status(Now));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await app.JsonAsync(response);
        Assert.Equal(1, result.GetProperty("deals").GetInt32());
        Assert.Equal(1, result.GetProperty("analysed").GetInt32());

        var deal = await app.Get<DealRepository>().GetAsync("amo-31926520", default);
        Assert.Equal(1000m, deal!.Budget);
        Assert.Equal("amo-938348", deal.ManagerId);
        var move = Assert.Single(await app.Get<ActivityRepository>().ListByDealAsync("amo-31926520", default));
        Assert.Equal(ActivityKind.StageChange, move.Kind);
        Assert.Equal("10216995", move.FromStage);
        Assert.NotNull(await app.Get<AnalysisRepository>().GetLatestAsync("amo-31926520", default));
    }

    [Fact]
    public async Task The_same_delivery_twice_is_200_and_changes_nothing()
    {
        (await DeliverAsync(Status(Now))).EnsureSuccessStatusCode();
        var again = await DeliverAsync(Status(Now));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(0, (await app.JsonAsync(again)).GetProperty("deals").GetInt32());
        Assert.Single(await app.Get<ActivityRepository>().ListByDealAsync("amo-31926520", default));
    }

    [Fact]
    public async Task An_older_delivery_arriving_late_does_not_overwrite_the_newer_state()
    {
        (await DeliverAsync(Status(Now, status: 142))).EnsureSuccessStatusCode();
        (await DeliverAsync(Status(Now - 600, status: 10216994))).EnsureSuccessStatusCode();
        Assert.Equal(DealStatus.Won, (await app.Get<DealRepository>().GetAsync("amo-31926520", default))!.Status);
    }

    [Fact]
    public async Task Add_update_note_and_delete_events_are_handled()
    {
        var add = $"leads[add][0][id]=555&leads[add][0][name]=New&leads[add][0][status_id]=101&leads[add][0][responsible_user_id]=938348&leads[add][0][last_modified]={Now}&leads[add][0][date_create]={Now}";
        (await DeliverAsync(add)).EnsureSuccessStatusCode();
        var note = $"leads[note][0][note][id]=77&leads[note][0][note][element_id]=555&leads[note][0][note][note_type]=11&leads[note][0][note][params][DURATION]=240&leads[note][0][note][date_create]={Now}";
        (await DeliverAsync(note)).EnsureSuccessStatusCode();
        var call = Assert.Single(await app.Get<ActivityRepository>().ListByDealAsync("amo-555", default));
        Assert.Equal((ActivityKind.Call, Direction.Outbound, 240), (call.Kind, call.Direction!.Value, call.DurationSeconds!.Value));

        (await DeliverAsync("leads[delete][0][id]=555")).EnsureSuccessStatusCode();
        Assert.Null(await app.Get<DealRepository>().GetAsync("amo-555", default));
        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync("leads[delete][0][id]=555")).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task Missing_or_wrong_secret_is_401(string? secret)
    {
        var response = await DeliverAsync(Status(Now), secret);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(await app.Get<DealRepository>().GetAsync("amo-31926520", default));
    }

    [Theory]
    [InlineData("leads[restore][0][id]=1", "leads[restore][0][id]")]
    [InlineData("contacts[add][0][id]=1", "contacts[add][0][id]")]
    [InlineData("leads[status][0][id]=abc&leads[status][0][status_id]=1&leads[status][0][responsible_user_id]=2&leads[status][0][last_modified]=1700000000", "leads[status][0][id]")]
    [InlineData("leads[status][0][id]=1&leads[status][0][status_id]=1&leads[status][0][responsible_user_id]=2", "leads[status][0][last_modified]")]
    [InlineData("leads[status][0][id]=1&leads[status][0][status_id]=1&leads[status][0][responsible_user_id]=2&leads[status][0][last_modified]=32503680000", "leads[status][0][last_modified]")]
    [InlineData("leads[status][0][id]=1&leads[status][0][status_id]=1&leads[status][0][responsible_user_id]=2&leads[status][0][last_modified]=1700000000&leads[status][0][price]=-5", "leads[status][0][price]")]
    [InlineData("leads[note][0][note][id]=7&leads[note][0][note][element_id]=1&leads[note][0][note][note_type]=10&leads[note][0][note][params][DURATION]=-3&leads[note][0][note][date_create]=1700000000", "leads[note][0][note][params][DURATION]")]
    public async Task Bad_deliveries_are_400_naming_the_form_key_and_write_nothing(string body, string field)
    {
        // A valid event first: the bad one must still keep it from being written.
        var response = await DeliverAsync($"leads[add][9][id]=42&leads[add][9][status_id]=1&leads[add][9][responsible_user_id]=938348&leads[add][9][last_modified]={Now}&" + body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await app.JsonAsync(response)).GetProperty("field").GetString());
        Assert.Null(await app.Get<DealRepository>().GetAsync("amo-42", default));
    }

    [Fact]
    public async Task A_delivery_without_lead_events_is_400()
    {
        var response = await DeliverAsync("account%5Bsubdomain%5D=test000002");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("leads", (await app.JsonAsync(response)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_json_body_is_refused()
    {
        var response = await DeliverAsync("{\"leads\":{}}", contentType: "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Content-Type", (await app.JsonAsync(response)).GetProperty("field").GetString());
    }
}
