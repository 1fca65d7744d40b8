using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Deals.Forecast;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Deals.Forecast;

/// <summary>The refit schedule on a fake clock: a team run refits a model only when it is missing or older than the setting.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class WinModelRefreshTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_run_refits_only_a_missing_or_old_model_and_the_refit_is_stored_with_its_history()
    {
        await using var app = await TestApp.StartAsync(azurite);
        (await app.Client.PostAsync("/api/import", new StringContent(CoachingAtScaleTests.Import(260), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var options = new WinModelOptions { MaxAgeHours = 24 };
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = app.Get<WinModelRepository>();
        FitWinModel Job() => new(app.Get<DealRepository>(), app.Get<ActivityRepository>(), store, app.Get<WinModelFitter>(), options,
            new WinModels(store, clock), clock, NullLogger<FitWinModel>.Instance);

        var first = await Job().EnsureFreshAsync(CancellationToken.None);
        Assert.Equal(WinModelReport.ModelStatus, first.Report.Status);
        Assert.Equal(260, first.Report.ClosedDeals);

        clock.Advance(TimeSpan.FromHours(23));
        var same = await Job().EnsureFreshAsync(CancellationToken.None);
        Assert.Equal(first.Report.ModelId, same.Report.ModelId);

        clock.Advance(TimeSpan.FromHours(2));
        var refitted = await Job().EnsureFreshAsync(CancellationToken.None);
        Assert.NotEqual(first.Report.ModelId, refitted.Report.ModelId);
        Assert.Equal(clock.GetUtcNow(), refitted.Report.FittedAt);
        Assert.Equal(refitted.Report.ModelId, (await store.GetAsync(CancellationToken.None))!.Report.ModelId);
        Assert.Equal(2, (await store.ListHistoryAsync(10, CancellationToken.None)).Count);
    }
}
