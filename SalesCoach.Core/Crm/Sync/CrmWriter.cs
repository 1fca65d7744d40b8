// Owns the one writer every source uses: managers, deals, activities, chats and messages into their stores.
using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;

namespace SalesCoach.Core.Crm.Sync;

/// <summary>What one source delivered in one go, already normalized.</summary>
public sealed record CrmBatch(
    IReadOnlyList<Manager> Managers,
    IReadOnlyList<Deal> Deals,
    IReadOnlyList<Activity> Activities,
    IReadOnlyList<Chat> Chats,
    IReadOnlyList<ChatMessage> Messages)
{
    public static CrmBatch Empty { get; } = new([], [], [], [], []);

    /// <summary>Chats already stored that turned out to belong to an order (written after the chats of the same batch).</summary>
    public IReadOnlyList<ChatOrderLink> ChatOrders { get; init; } = [];

    /// <summary>Messages that arrive as they happen (a chat pull), not history (an import): their inbound ones are passed on for real-time interventions.</summary>
    public bool Live { get; init; }
}

/// <summary>The chat ended in this order (deal id): the chat report's conversion view.</summary>
public sealed record ChatOrderLink(string ChatId, string OrderId);

public sealed record WriteCounts(int Managers, int Deals, int DealsKeptNewer, int Activities, int Chats, int Messages)
{
    public static WriteCounts None { get; } = new(0, 0, 0, 0, 0, 0);

    public WriteCounts Add(WriteCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Managers + other.Managers, Deals + other.Deals, DealsKeptNewer + other.DealsKeptNewer,
            Activities + other.Activities, Chats + other.Chats, Messages + other.Messages);
    }
}

/// <summary>
/// Writes normalized CRM data, the same way for every source: managers keep what SalesCoach owns
/// (Telegram chat, time zone), deals never go back to an older version, activities and messages are
/// keyed by source ids (idempotent), chats merge, and a chat linked to an order keeps the link. Deals and
/// chats are written concurrently.
/// </summary>
public sealed class CrmWriter(ManagerRepository managers, DealRepository deals, ActivityRepository activities, ChatRepository chats, InboundMessages inbound)
{
    public const int Concurrency = 16;

    public async Task<WriteCounts> WriteAsync(CrmBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken };

        await Parallel.ForEachAsync(batch.Managers, parallel, async (manager, token) =>
        {
            var stored = await managers.GetAsync(manager.Id, token).ConfigureAwait(false);
            await managers.UpsertAsync(stored is null ? manager : manager with
            {
                TelegramChatId = stored.TelegramChatId ?? manager.TelegramChatId,
                TimeZone = stored.TimeZone,
                Team = stored.Team,
            }, token).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var written = 0;
        await Parallel.ForEachAsync(batch.Deals, parallel, async (deal, token) =>
        {
            if (await deals.UpsertIfNewerAsync(deal, token).ConfigureAwait(false))
            {
                Interlocked.Increment(ref written);
            }
        }).ConfigureAwait(false);

        await Parallel.ForEachAsync(batch.Activities.GroupBy(a => a.DealId), parallel,
            async (group, token) => await activities.UpsertManyAsync(group, token).ConfigureAwait(false)).ConfigureAwait(false);
        await Parallel.ForEachAsync(batch.Chats, parallel,
            async (chat, token) => await chats.MergeAsync(chat, token).ConfigureAwait(false)).ConfigureAwait(false);
        await Parallel.ForEachAsync(batch.Messages.GroupBy(m => m.ChatId), parallel,
            async (group, token) => await chats.UpsertMessagesAsync(group, token).ConfigureAwait(false)).ConfigureAwait(false);
        await Parallel.ForEachAsync(batch.ChatOrders, parallel, async (link, token) =>
        {
            if (await chats.GetAsync(link.ChatId, token).ConfigureAwait(false) is { } stored && stored.OrderId != link.OrderId)
            {
                await chats.MergeAsync(stored with { OrderId = link.OrderId }, token).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        if (batch.Live)
        {
            var chatsById = batch.Chats.ToDictionary(c => c.Id, StringComparer.Ordinal);
            await inbound.PublishAsync(batch.Messages
                .Where(m => m is { Direction: Direction.Inbound, IsSystem: false, Text.Length: > 0 })
                .Select(m =>
                {
                    var chat = chatsById.GetValueOrDefault(m.ChatId);
                    return new InboundClientMessage(m.Source, m.Id, m.ChatId, chat?.OrderId, chat?.ManagerId, chat?.ClientName, m.Text!, m.SentAt, null);
                }), cancellationToken).ConfigureAwait(false);
        }

        return new WriteCounts(batch.Managers.Count, written, batch.Deals.Count - written, batch.Activities.Count, batch.Chats.Count, batch.Messages.Count);
    }
}
