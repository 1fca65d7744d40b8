using SalesCoach.Core.Storage;

namespace SalesCoach.Core.Demo;

public sealed record SeedDemoDataResult(int Managers, int Deals, int Activities);

/// <summary>Writes the demo team into storage (upserts: seeding twice leaves one copy).</summary>
public sealed class SeedDemoData(ManagerRepository managers, DealRepository deals, ActivityRepository activities, TimeProvider time)
{
    public async Task<SeedDemoDataResult> RunAsync(CancellationToken cancellationToken)
    {
        var data = DemoTeam.Build(time.GetUtcNow());
        foreach (var manager in data.Managers)
        {
            await managers.UpsertAsync(manager, cancellationToken).ConfigureAwait(false);
        }
        foreach (var deal in data.Deals)
        {
            await deals.UpsertAsync(deal, cancellationToken).ConfigureAwait(false);
        }
        await activities.UpsertManyAsync(data.Activities, cancellationToken).ConfigureAwait(false);
        return new SeedDemoDataResult(data.Managers.Count, data.Deals.Count, data.Activities.Count);
    }
}
