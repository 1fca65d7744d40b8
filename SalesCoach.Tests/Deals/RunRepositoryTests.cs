using SalesCoach.Core.Deals.Runs;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Deals;

[Collection(AzuriteCollection.Name)]
public sealed class RunRepositoryTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static TeamRun NewRun(string id, int total) => new()
    {
        Id = id, Trigger = "test", Status = RunStatus.Running, Total = total, Done = 0, Failed = 0, CreatedAt = Now,
    };

    private static WorkItem Done(string runId, string managerId) => new()
    {
        RunId = runId, ManagerId = managerId, State = WorkItemState.Done, ResultJson = "{}", FinishedAt = Now,
    };

    [Fact]
    public async Task Finishing_the_same_item_twice_counts_it_once()
    {
        var runs = new RunRepository(azurite.NewAccount(out _));
        await runs.CreateAsync(NewRun("r1", 2), ["a", "b"], default);

        var (first, counted) = await runs.FinishItemAsync(Done("r1", "a"), default);
        var (second, countedAgain) = await runs.FinishItemAsync(Done("r1", "a"), default);

        Assert.True(counted);
        Assert.False(countedAgain);
        Assert.Equal(1, first.Done);
        Assert.Equal(1, second.Done);
        Assert.False(second.AllItemsFinished);
    }

    [Fact]
    public async Task Concurrent_finishes_are_each_counted_exactly_once()
    {
        var runs = new RunRepository(azurite.NewAccount(out _));
        var managers = Enumerable.Range(0, 12).Select(i => $"m{i}").ToList();
        await runs.CreateAsync(NewRun("r2", managers.Count), managers, default);

        var results = await Task.WhenAll(managers.Select(m => Task.Run(() => runs.FinishItemAsync(
            m == "m3" ? Done("r2", m) with { State = WorkItemState.Failed, Error = "boom" } : Done("r2", m), default))));

        var run = await runs.GetAsync("r2", default);
        Assert.Equal(11, run!.Done);
        Assert.Equal(1, run.Failed);
        Assert.True(run.AllItemsFinished);
        // Exactly one caller saw the run reach its total: that one queues the finalizer.
        Assert.Single(results, r => r.Run.AllItemsFinished && r.Counted && r.Run.Done + r.Run.Failed == managers.Count);
    }

    [Fact]
    public async Task Starting_a_run_id_twice_is_a_conflict_and_keeps_finished_items()
    {
        var runs = new RunRepository(azurite.NewAccount(out _));
        await runs.CreateAsync(NewRun("daily-2026112305", 1), ["a"], default);
        await runs.FinishItemAsync(Done("daily-2026112305", "a"), default);

        await Assert.ThrowsAsync<ConflictException>(() => runs.CreateAsync(NewRun("daily-2026112305", 1), ["a"], default));
        Assert.Equal(WorkItemState.Done, (await runs.GetItemAsync("daily-2026112305", "a", default))!.State);
    }

    [Fact]
    public async Task A_run_completes_once()
    {
        var runs = new RunRepository(azurite.NewAccount(out _));
        await runs.CreateAsync(NewRun("r3", 1), ["a"], default);
        Assert.True(await runs.MarkCompletedAsync("r3", Now, default));
        Assert.False(await runs.MarkCompletedAsync("r3", Now, default));
        Assert.Equal(RunStatus.Completed, (await runs.GetAsync("r3", default))!.Status);
    }
}
