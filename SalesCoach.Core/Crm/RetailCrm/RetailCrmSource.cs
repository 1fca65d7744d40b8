// Owns the RetailCRM pull: users, orders (incremental), then MG chats and messages and the chat ↔ order links.
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Crm.Sync;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.RetailCrm;

/// <summary>
/// Pulls RetailCRM API v5 (X-API-KEY; limit/page paging with a "pagination" object): users → managers
/// (<c>rc-&lt;id&gt;</c>), orders → deals — all of them the first time, then those with
/// <c>filter[createdAtFrom]</c> or <c>filter[statusUpdatedAtFrom]</c> at or after the cursor (RetailCRM has
/// no updatedAtFrom for orders), an order without a manager under <c>rc-unassigned</c>. With the MG Bot
/// API configured, then its chats and messages (<see cref="MgChatPull"/>), and finally the chats that an
/// order says it was made from (order.dialogId) are linked to it. The cursor is the previous pull's
/// start minus <see cref="Overlap"/>, in the account's time zone on the wire (writes are idempotent).
/// </summary>
public sealed class RetailCrmSource(RetailCrmOptions options, RetailCrmHttp http, StorageAccount storage, TimeProvider time, ILogger<RetailCrmSource> logger) : ICrmSource
{
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(5);
    public const int DealBatchSize = 500;
    private readonly RetailCrmLinks links = new(storage);

    public string Name => "retailcrm";

    public bool IsConfigured => options.IsConfigured;

    public async Task<(string? Cursor, int Rejected)> PullAsync(string? cursor, Func<CrmBatch, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var started = time.GetUtcNow();
        DateTimeOffset? since = DateTimeOffset.TryParse(cursor, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var c) ? c : null;
        var zone = TimeZones.Find(options.TimeZone, "RetailCrm:TimeZone");
        var validation = new ItemValidation(Name, logger);
        var managersByMgUser = new Dictionary<long, string>();
        var mapper = new RetailCrmMapper(options, zone, started, managersByMgUser);

        var managers = new List<Manager>();
        await foreach (var user in PagesAsync("api/v5/users", "users", null, cancellationToken).ConfigureAwait(false))
        {
            if (validation.Map(() =>
            {
                var manager = mapper.User(user);
                var mgUserId = RetailCrmMapper.MgUserId(user);
                if (mgUserId is { } mg)
                {
                    managersByMgUser[mg] = manager.Id;
                }
                return manager;
            }) is { } manager)
            {
                managers.Add(manager);
            }
        }
        await write(CrmBatch.Empty with { Managers = managers }).ConfigureAwait(false);

        var touchedDialogs = new HashSet<long>();
        await PullOrdersAsync(since, zone, mapper, validation, touchedDialogs, write, cancellationToken).ConfigureAwait(false);

        var chatLinks = new List<ChatOrderLink>();
        if (options.HasMessaging)
        {
            var chats = new MgChatPull(options, http, links, mapper, validation, logger);
            chatLinks.AddRange(await chats.RunAsync(touchedDialogs, write, cancellationToken).ConfigureAwait(false));
        }
        chatLinks.AddRange(await DialogLinksAsync(touchedDialogs, cancellationToken).ConfigureAwait(false));
        if (chatLinks.Count > 0)
        {
            await write(CrmBatch.Empty with { ChatOrders = chatLinks }).ConfigureAwait(false);
        }
        return ((started - Overlap).ToString("O", CultureInfo.InvariantCulture), validation.Rejected);
    }

    /// <summary>
    /// All orders the first time; afterwards two passes, new orders (createdAtFrom) and orders whose
    /// status moved (statusUpdatedAtFrom): RetailCRM applies every filter of one request together.
    /// </summary>
    private async Task PullOrdersAsync(DateTimeOffset? since, TimeZoneInfo zone, RetailCrmMapper mapper, ItemValidation validation, HashSet<long> touchedDialogs, Func<CrmBatch, Task> write, CancellationToken cancellationToken)
    {
        string?[] filters = since is { } from
            ? ["filter[createdAtFrom]=" + Uri.EscapeDataString(Local(from, zone)), "filter[statusUpdatedAtFrom]=" + Uri.EscapeDataString(Local(from, zone))]
            : [null];
        var seen = new HashSet<long>();
        var orders = new List<RetailCrmOrder>();
        foreach (var filter in filters)
        {
            await foreach (var item in PagesAsync("api/v5/orders", "orders", filter, cancellationToken).ConfigureAwait(false))
            {
                if (RetailCrmMapper.IdOf(item) is { } id && !seen.Add(id))
                {
                    continue; // both passes found it
                }
                if (validation.Map(() => mapper.Order(item)) is { } order)
                {
                    orders.Add(order);
                }
                if (orders.Count == DealBatchSize)
                {
                    await WriteOrdersAsync(orders, mapper, touchedDialogs, write, cancellationToken).ConfigureAwait(false);
                    orders = [];
                }
            }
        }
        await WriteOrdersAsync(orders, mapper, touchedDialogs, write, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteOrdersAsync(List<RetailCrmOrder> orders, RetailCrmMapper mapper, HashSet<long> touchedDialogs, Func<CrmBatch, Task> write, CancellationToken cancellationToken)
    {
        Manager[] unassigned = orders.Any(o => o.Deal.ManagerId == RetailCrmMapper.UnassignedManagerId) ? [mapper.UnassignedManager] : [];
        await write(CrmBatch.Empty with { Managers = unassigned, Deals = [.. orders.Select(o => o.Deal)] }).ConfigureAwait(false);
        // Only after the deals are written, so a link never points at an order that is not there.
        foreach (var order in orders.Where(o => o.DialogId is not null))
        {
            await links.SetDialogOrderAsync(order.DialogId!.Value, order.Deal.Id, cancellationToken).ConfigureAwait(false);
            touchedDialogs.Add(order.DialogId.Value);
        }
    }

    /// <summary>Dialogs seen this pull whose chat and order are now both known: the chat ended in that order.</summary>
    private async Task<IReadOnlyList<ChatOrderLink>> DialogLinksAsync(HashSet<long> dialogs, CancellationToken cancellationToken)
    {
        var found = new ConcurrentBag<ChatOrderLink>();
        await Parallel.ForEachAsync(dialogs, new ParallelOptions { MaxDegreeOfParallelism = CrmWriter.Concurrency, CancellationToken = cancellationToken }, async (dialog, token) =>
        {
            if (await links.GetDialogAsync(dialog, token).ConfigureAwait(false) is { ChatId: { } chat, OrderId: { } order })
            {
                found.Add(new ChatOrderLink(chat, order));
            }
        }).ConfigureAwait(false);
        return [.. found];
    }

    private async IAsyncEnumerable<JsonElement> PagesAsync(string path, string name, string? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var limit = options.ValidPageSize;
        for (var page = 1; page <= 100_000; page++)
        {
            var query = OutboundJsonHttp.Invariant($"{path}?limit={limit}&page={page}{(filter is null ? "" : "&" + filter)}");
            var json = await http.GetAsync(query, cancellationToken).ConfigureAwait(false);
            if (!json.TryGetProperty(name, out var items) || items.ValueKind != JsonValueKind.Array)
            {
                throw new OutboundResponseException(Name, $"{path} has no '{name}' array.");
            }
            foreach (var item in items.EnumerateArray())
            {
                yield return item;
            }
            // An empty result may say totalPageCount 0; either way this was the last page.
            var totalPages = json.TryGetProperty("pagination", out var pagination) && pagination.TryGetProperty("totalPageCount", out var total) && total.TryGetInt32(out var count)
                ? count
                : throw new OutboundResponseException(Name, $"{path} has no pagination.totalPageCount.");
            if (page >= totalPages)
            {
                yield break;
            }
        }
    }

    private static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
