using SalesCoach.Core.Crm.Import;
using SalesCoach.Core.Deals;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Crm;

[Collection(AzuriteCollection.Name)]
public sealed class BulkImportTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Ten_thousand_deals_with_their_calls_import_completely()
    {
        await using var app = await TestApp.StartAsync(azurite);
        using var body = new MemoryStream();
        await SyntheticImport.WriteAsync(body, deals: 10_000, managers: 50, DateTimeOffset.UtcNow);
        body.Position = 0;

        var result = await app.Get<ImportData>().RunAsync(body, default);

        Assert.Equal(20_050, result.Records);
        Assert.Equal(10_000, result.Deals);
        Assert.Equal(10_000, result.Activities);
        Assert.Equal(50, result.Managers);
        // Manager bm7 owns every deal whose number ends in 7 modulo 50: 200 of them.
        Assert.Equal(200, (await app.Get<DealRepository>().ListOpenByManagerAsync("bm7", default)).Count);
        Assert.Single(await app.Get<ActivityRepository>().ListByDealAsync("bd9999", default));
    }
}
