// Owns what the RetailCRM pull remembers between pulls: per-chat message cursors, dialog ↔ chat/order links, MG users mapped by fallback.
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.RetailCrm;

/// <summary>
/// An MG user who wrote as a manager without <c>from.external_id</c> (the RetailCRM user id), and the
/// manager SalesCoach filed the messages under: a RetailCRM user found by its <c>mgUserId</c>, or, when
/// none matches, a placeholder manager <c>rc-mg-&lt;MG id&gt;</c>. Kept so the mapping can be seen and fixed.
/// </summary>
public sealed record MgUserFallback(long MgUserId, string? Name, string ManagerId, bool MatchedByMgUserId, DateTimeOffset LastSeenAt);

/// <summary>Both sides of one MG dialog as far as they are known: the chat it belongs to and the order made from it.</summary>
public sealed record MgDialogLink(long DialogId, string? ChatId, string? OrderId);

/// <summary>
/// One small table, three partitions: "chat" (MG chat id → id of the last message read, so the next
/// pull asks only for newer ones), "dialog" (MG dialog id → chat and order, filled from whichever side
/// is seen first), "mguser" (<see cref="MgUserFallback"/>).
/// </summary>
public sealed class RetailCrmLinks(StorageAccount storage)
{
    private const string TableName = "retailcrmlinks";
    private const string ChatPartition = "chat";
    private const string DialogPartition = "dialog";
    private const string UserPartition = "mguser";

    /// <summary>MG chat id → the newest message id already read.</summary>
    public async Task<IReadOnlyDictionary<long, long>> MessageCursorsAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var rows = await table.QueryListAsync($"PartitionKey eq {Keys.Literal(ChatPartition)}",
            e => (Chat: long.Parse(e.RowKey, System.Globalization.CultureInfo.InvariantCulture), Last: e.GetInt64("LastMessageId") ?? 0), cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Chat, r => r.Last);
    }

    public async Task SetMessageCursorAsync(long chatId, long lastMessageId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(ChatPartition, Key(chatId)) { ["LastMessageId"] = lastMessageId }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records that the order was made from the dialog (RetailCRM's order.dialogId).</summary>
    public Task SetDialogOrderAsync(long dialogId, string orderId, CancellationToken cancellationToken) =>
        MergeDialogAsync(dialogId, "OrderId", orderId, cancellationToken);

    /// <summary>Records that the dialog belongs to the chat (MG's message.dialog.id or chat.last_dialog.id).</summary>
    public Task SetDialogChatAsync(long dialogId, string chatId, CancellationToken cancellationToken) =>
        MergeDialogAsync(dialogId, "ChatId", chatId, cancellationToken);

    public async Task<MgDialogLink?> GetDialogAsync(long dialogId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(DialogPartition, Key(dialogId), cancellationToken).ConfigureAwait(false);
        return entity is null ? null : new MgDialogLink(dialogId, entity.GetString("ChatId"), entity.GetString("OrderId"));
    }

    public async Task RecordFallbackAsync(MgUserFallback fallback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(UserPartition, Key(fallback.MgUserId))
        {
            ["Name"] = fallback.Name,
            ["ManagerId"] = fallback.ManagerId,
            ["MatchedByMgUserId"] = fallback.MatchedByMgUserId,
            ["LastSeenAt"] = fallback.LastSeenAt,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every MG user whose messages were filed by fallback, for a person to check.</summary>
    public async Task<IReadOnlyList<MgUserFallback>> ListFallbacksAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        return await table.QueryListAsync($"PartitionKey eq {Keys.Literal(UserPartition)}", e => new MgUserFallback(
            long.Parse(e.RowKey, System.Globalization.CultureInfo.InvariantCulture), e.GetString("Name"), e.RequiredString("ManagerId"),
            e.GetBoolean("MatchedByMgUserId") ?? false, e.RequiredDate("LastSeenAt")), cancellationToken).ConfigureAwait(false);
    }

    private async Task MergeDialogAsync(long dialogId, string property, string value, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        // Merge keeps what the other side wrote.
        await table.UpsertEntityAsync(new TableEntity(DialogPartition, Key(dialogId)) { [property] = value }, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    private static string Key(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
