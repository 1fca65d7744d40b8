using System.Globalization;
using System.Text.Json.Nodes;
using SalesCoach.Core.Crm.Sync;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Fakes;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Crm;

/// <summary>The RetailCRM v5 pull (users, orders) against a loopback RetailCRM serving the fixtures.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RetailCrmSyncTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private FakeRetailCrmServer retail = null!;
    private TestApp app = null!;

    public async Task InitializeAsync()
    {
        retail = (await FakeRetailCrmServer.StartNewAsync()).WithFixtures();
        app = await StartAppAsync();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await retail.DisposeAsync();
    }

    private Task<TestApp> StartAppAsync(string apiKey = FakeRetailCrmServer.ApiKey) =>
        TestApp.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["RetailCrm:BaseUrl"] = retail.BaseAddress.ToString(),
            ["RetailCrm:ApiKey"] = apiKey,
            ["RetailCrm:PageSize"] = "20",
            ["RetailCrm:RetryBaseDelay"] = "00:00:00.050",
        });

    private Task<SyncState> PullAsync() => app.Get<RunSync>().RunAsync("retailcrm", default);

    private static string AccountNow(TimeSpan offset) => FakeRetailCrmServer.AccountTime(DateTimeOffset.UtcNow + offset);

    private JsonObject Order(long id) => retail.Orders.Single(o => o["id"]!.GetValue<long>() == id);

    [Fact]
    public async Task A_first_pull_brings_every_user_and_order_through_every_page()
    {
        var state = await PullAsync();

        Assert.Equal(SyncStatus.Succeeded, state.Status);
        Assert.Equal((23 + 1, 27, 0), (state.LastCounts.Managers, state.LastCounts.Deals, state.LastRejected)); // the users and rc-unassigned
        var orderPages = retail.RequestsTo("/api/v5/orders");
        Assert.Equal(["1", "2"], orderPages.Select(q => q["page"]));
        Assert.All(orderPages, q => Assert.Equal("20", q["limit"]));
        Assert.All(orderPages, q => Assert.DoesNotContain(q.Keys, k => k.StartsWith("filter", StringComparison.Ordinal)));

        Assert.Equal("Анна Соколова", (await app.Get<ManagerRepository>().GetAsync("rc-14", default))!.Name);
        var deals = app.Get<DealRepository>();
        var order = (await deals.GetAsync("rc-45001", default))!;
        Assert.Equal(("Заказ #4501A", "rc-15", 25890m, "availability-confirmed"), (order.Name, order.ManagerId, order.Budget, order.Stage));
        Assert.Equal("Марина Гусева", order.ClientName);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 7, 13, 29, TimeSpan.Zero), order.CreatedAt); // 10:13:29 in Moscow
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 8, 17, 7, TimeSpan.Zero), order.UpdatedAt); // statusUpdatedAt
        var won = (await deals.GetAsync("rc-45007", default))!;
        Assert.Equal((DealStatus.Won, (DateTimeOffset?)new DateTimeOffset(2026, 11, 28, 14, 59, 49, TimeSpan.Zero)), (won.Status, won.ClosedAt));
        Assert.Equal(DealStatus.Lost, (await deals.GetAsync("rc-45026", default))!.Status);
    }

    [Fact]
    public async Task An_order_without_a_manager_is_kept_under_the_unassigned_manager()
    {
        var state = await PullAsync();

        Assert.Equal(0, state.LastRejected);
        Assert.Equal("rc-unassigned", (await app.Get<DealRepository>().GetAsync("rc-45024", default))!.ManagerId);
        var unassigned = await app.Get<ManagerRepository>().GetAsync("rc-unassigned", default);
        Assert.NotNull(unassigned);
        Assert.Equal("retailcrm", unassigned.Team);
    }

    [Fact]
    public async Task A_second_pull_asks_only_for_new_orders_and_moved_statuses()
    {
        var first = await PullAsync();
        var cursor = DateTimeOffset.Parse(first.Cursor!, CultureInfo.InvariantCulture);
        Order(45003)["status"] = "complete";
        Order(45003)["statusUpdatedAt"] = AccountNow(TimeSpan.Zero);
        var added = Order(45027).DeepClone().AsObject();
        added["id"] = 45100;
        added["number"] = "45100A";
        added["createdAt"] = AccountNow(TimeSpan.Zero);
        added["statusUpdatedAt"] = AccountNow(TimeSpan.Zero);
        retail.Orders.Add(added);
        retail.ForgetRequests();

        var second = await PullAsync();

        // Two passes, each filtered at the cursor in the account's zone; no pass without a filter, no updatedAtFrom.
        var passes = retail.RequestsTo("/api/v5/orders");
        var expected = FakeRetailCrmServer.AccountTime(cursor);
        Assert.Equal(2, passes.Count);
        Assert.Contains(passes, q => q.GetValueOrDefault("filter[createdAtFrom]") == expected && !q.ContainsKey("filter[statusUpdatedAtFrom]"));
        Assert.Contains(passes, q => q.GetValueOrDefault("filter[statusUpdatedAtFrom]") == expected && !q.ContainsKey("filter[createdAtFrom]"));
        Assert.DoesNotContain(retail.Requests, r => r.Contains("updatedAtFrom", StringComparison.OrdinalIgnoreCase) && !r.Contains("statusUpdatedAtFrom", StringComparison.OrdinalIgnoreCase));
        // Only what changed came back and was written: the moved order (found by both passes, written once) and the new one.
        Assert.Equal((2, 0, 0), (second.LastCounts.Deals, second.LastCounts.DealsKeptNewer, second.LastRejected));
        Assert.Equal(DealStatus.Won, (await app.Get<DealRepository>().GetAsync("rc-45003", default))!.Status);
        Assert.NotNull(await app.Get<DealRepository>().GetAsync("rc-45100", default));
    }

    [Fact]
    public async Task Orders_that_fail_validation_are_rejected_and_counted_and_nothing_of_them_is_written()
    {
        JsonObject Broken(long id, string field, JsonNode? value)
        {
            var order = Order(45001).DeepClone().AsObject();
            order["id"] = id;
            order[field] = value;
            return order;
        }
        retail.Orders.Add(Broken(46001, "createdAt", "21.11.2026 10:13"));
        retail.Orders.Add(Broken(46002, "totalSumm", -5));
        retail.Orders.Add(Broken(46003, "managerId", "Анна"));
        retail.Orders.Add(Broken(46004, "status", null));
        retail.Orders.Add(Broken(46005, "dialogId", "88101"));
        retail.Orders.Add(Broken(46006, "statusUpdatedAt", AccountNow(TimeSpan.FromDays(3))));

        var state = await PullAsync();

        Assert.Equal(SyncStatus.Succeeded, state.Status);
        Assert.Equal((27, 6), (state.LastCounts.Deals, state.LastRejected));
        foreach (var id in new[] { 46001, 46002, 46003, 46004, 46005, 46006 })
        {
            Assert.Null(await app.Get<DealRepository>().GetAsync($"rc-{id}", default));
        }
    }

    [Fact]
    public async Task RetailCrm_rate_limits_503_and_429_are_waited_out_through_the_pipeline()
    {
        retail.Fail(503, 2);
        retail.Fail(429);

        var state = await PullAsync();

        Assert.Equal(SyncStatus.Succeeded, state.Status);
        Assert.Equal(27, state.LastCounts.Deals);
        Assert.Equal(4, retail.RequestsTo("/api/v5/users").Count(q => q["page"] == "1")); // 503, 503, 429, then 200
    }

    [Fact]
    public async Task A_rate_limit_that_does_not_clear_fails_the_pull_and_keeps_the_cursor()
    {
        var first = await PullAsync();
        retail.Fail(503, 50);

        await Assert.ThrowsAsync<OutboundHttpException>(PullAsync);

        var (state, _) = await app.Get<SyncRepository>().GetAsync("retailcrm", default);
        Assert.Equal(SyncStatus.Failed, state.Status);
        Assert.Contains("503", state.LastError, StringComparison.Ordinal);
        Assert.Equal(first.Cursor, state.Cursor);
    }

    [Fact]
    public async Task A_wrong_api_key_fails_the_pull_with_the_reason()
    {
        await using var wrong = await StartAppAsync(apiKey: "not-the-key");

        await Assert.ThrowsAsync<OutboundHttpException>(() => wrong.Get<RunSync>().RunAsync("retailcrm", default));

        var (state, _) = await wrong.Get<SyncRepository>().GetAsync("retailcrm", default);
        Assert.Equal(SyncStatus.Failed, state.Status);
        Assert.Contains("403", state.LastError, StringComparison.Ordinal);
        Assert.Contains("apiKey", state.LastError, StringComparison.Ordinal);
    }
}
