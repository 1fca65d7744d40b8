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
        var storage = azurite.NewAccount(out _);
        var managers = new ManagerRepository(storage);
        await managers.UpsertAsync(DealBuilder.Manager("moscow", "Europe/Moscow"), default);
        await managers.UpsertAsync(DealBuilder.Manager("almaty", "Asia/Almaty"), default);
        await managers.UpsertAsync(DealBuilder.Manager("kyiv", "Europe/Kyiv"), default);
        var runs = new RunRepository(storage);
        var review = new DailyReview(managers, new StartTeamRun(runs, storage, time, NullLogger<StartTeamRun>.Instance),
            new DailyReviewOptions(), time, NullLogger<DailyReview>.Instance);

        var run = await review.RunAsync(default);
        var again = await review.RunAsync(default);

        Assert.NotNull(run);
        Assert.Equal("daily-2026112305", run.Id);
        Assert.Equal(["moscow"], (await runs.ListItemsAsync(run.Id, default)).Select(i => i.ManagerId));
        Assert.Null(again);
        var queue = await storage.QueueAsync(QueueNames.ManagerAnalysis);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task An_hour_when_nobody_is_at_eight_starts_nothing()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var storage = azurite.NewAccount(out _);
        var managers = new ManagerRepository(storage);
        await managers.UpsertAsync(DealBuilder.Manager("moscow", "Europe/Moscow"), default);
        var review = new DailyReview(managers, new StartTeamRun(new RunRepository(storage), storage, time, NullLogger<StartTeamRun>.Instance),
            new DailyReviewOptions(), time, NullLogger<DailyReview>.Instance);
        Assert.Null(await review.RunAsync(default));
    }
}
