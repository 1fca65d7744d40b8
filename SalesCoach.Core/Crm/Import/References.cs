// Owns the import's reference check: a record may only name a manager, deal or chat defined earlier in the file or already stored.
using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.Import;

/// <summary>
/// Pass 1 of the import feeds every record here: ids the file defines are remembered, and a reference to an
/// id not defined earlier is kept to be looked up in the store once the pass ends (one read per distinct id).
/// The first reference found nowhere is a 400 naming its "[index].field"; nothing has been written then.
/// </summary>
public sealed class References(ManagerRepository managers, DealRepository deals, ChatRepository chats)
{
    public Check Begin() => new(managers, deals, chats);

    public sealed class Check(ManagerRepository managers, DealRepository deals, ChatRepository chats)
    {
        private readonly HashSet<string> managerIds = new(StringComparer.Ordinal);
        private readonly HashSet<string> dealIds = new(StringComparer.Ordinal);
        private readonly HashSet<string> chatIds = new(StringComparer.Ordinal);
        // The first place each unknown id was named, to be looked up in the store.
        private readonly Dictionary<(string Kind, string Id), string> pending = [];

        public void Add(ImportRecord record, int index)
        {
            ArgumentNullException.ThrowIfNull(record);
            switch (record)
            {
                case { Manager: { } manager }:
                    managerIds.Add(manager.Id);
                    break;
                case { Deal: { } deal }:
                    Refer("manager", managerIds, deal.ManagerId, index, "manager_id");
                    dealIds.Add(deal.Id);
                    break;
                case { Activity: { } activity }:
                    Refer("deal", dealIds, activity.DealId, index, "deal_id");
                    break;
                case { Chat: { } chat }:
                    Refer("manager", managerIds, chat.ManagerId, index, "manager_id");
                    chatIds.Add(chat.Id);
                    break;
                case { Message: { } message }:
                    Refer("chat", chatIds, message.ChatId, index, "chat_id");
                    Refer("manager", managerIds, message.ManagerId, index, "manager_id");
                    break;
            }
        }

        public async Task VerifyAsync(CancellationToken cancellationToken)
        {
            var missing = new List<(int Index, string Field, string Kind, string Id)>();
            var gate = new object();
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (entry, token) =>
            {
                var ((kind, id), place) = entry;
                var exists = kind switch
                {
                    "manager" => await managers.GetAsync(id, token).ConfigureAwait(false) is not null,
                    "deal" => await deals.GetAsync(id, token).ConfigureAwait(false) is not null,
                    _ => await chats.GetAsync(id, token).ConfigureAwait(false) is not null,
                };
                if (!exists)
                {
                    var split = place.IndexOf(']', StringComparison.Ordinal);
                    lock (gate)
                    {
                        missing.Add((int.Parse(place[1..split], System.Globalization.CultureInfo.InvariantCulture), place, kind, id));
                    }
                }
            }).ConfigureAwait(false);
            if (missing.Count > 0)
            {
                var first = missing.MinBy(m => m.Index);
                throw new InputValidationException(first.Field,
                    $"{first.Field} names {first.Kind} '{first.Id}', which neither an earlier record of this file nor the store holds ({missing.Count} such reference{(missing.Count == 1 ? "" : "s")} in all).");
            }
        }

        private void Refer(string kind, HashSet<string> defined, string? id, int index, string field)
        {
            if (id is not null && !defined.Contains(id))
            {
                pending.TryAdd((kind, id), $"[{index}].{field}");
            }
        }
    }
}
