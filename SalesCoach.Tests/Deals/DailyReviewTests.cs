using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SalesCoach.Core.Deals.Runs;
using SalesCoach.Core.Managers;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Deals;

[Collection(AzuriteCollection.Name)]
public sealed class DailyReviewTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Starts_a_run_only_for_managers_at_eight_local_time_and_only_once_per_hour()
    {
        // 05:00 UTC is 08:00 in Moscow, 10:00 in Almaty and 07:00 in Kyiv (winter time).
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 5, 0, 0, TimeSpan.Zero));
        var storage = azurite.NewAccount(out var prefix);
        var client = await DurableTestClient.CreateAsync(azurite, prefix);
        var managers = new ManagerRepository(storage);
        await managers.UpsertAsync(DealBuilder.Manager("moscow", "Europe/Moscow"), default);
        await managers.UpsertAsync(DealBuilder.Manager("almaty", "Asia/Almaty"), default);
        await managers.UpsertAsync(DealBuilder.Manager("kyiv", "Europe/Kyiv"), default);
        var review = new DailyReview(managers, new TeamRuns(new RunClaims(storage, time), time, NullLogger<TeamRuns>.Instance), new DailyReviewOptions(), time, NullLogger<DailyReview>.Instance);

        // Two timer firings of the same hour, even at the same moment, start one run.
        var firings = await Task.WhenAll(review.RunAsync(client, default), review.RunAsync(client, default));
        var again = await review.RunAsync(client, default);

        var run = Assert.Single(firings, r => r is not null);
        Assert.Equal("daily-2026112305", run!.Id);
        Assert.Null(again);
        var instance = await client.GetInstanceAsync(run.Id, getInputsAndOutputs: true, default);
        Assert.Equal(["moscow"], instance!.ReadInputAs<TeamRunInput>()!.ManagerIds);
        var all = new List<string>();
        await foreach (var i in client.GetAllInstancesAsync())
        {
            all.Add(i.InstanceId);
        }
        Assert.Equal(["daily-2026112305"], all);
    }

    [Fact]
    public async Task An_hour_when_nobody_is_at_eight_starts_nothing()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var storage = azurite.NewAccount(out var prefix);
        var client = await DurableTestClient.CreateAsync(azurite, prefix);
        var managers = new ManagerRepository(storage);
        await managers.UpsertAsync(DealBuilder.Manager("moscow", "Europe/Moscow"), default);
        var review = new DailyReview(managers, new TeamRuns(new RunClaims(storage, time), time, NullLogger<TeamRuns>.Instance), new DailyReviewOptions(), time, NullLogger<DailyReview>.Instance);
        Assert.Null(await review.RunAsync(client, default));
    }
}
