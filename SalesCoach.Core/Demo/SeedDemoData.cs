// Owns writing the demo team into storage (idempotent).
using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;

namespace SalesCoach.Core.Demo;

public sealed record SeedDemoDataResult(int Managers, int Deals, int Activities, int Chats, int Messages);

/// <summary>Writes the demo team into storage (upserts: seeding twice leaves one copy).</summary>
public sealed class SeedDemoData(ManagerRepository managers, DealRepository deals, ActivityRepository activities, ChatRepository chats, TimeProvider time)
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
        foreach (var chat in data.Chats)
        {
            await chats.MergeAsync(chat, cancellationToken).ConfigureAwait(false);
        }
        await chats.UpsertMessagesAsync(data.Messages, cancellationToken).ConfigureAwait(false);
        return new SeedDemoDataResult(data.Managers.Count, data.Deals.Count, data.Activities.Count, data.Chats.Count, data.Messages.Count);
    }
}
