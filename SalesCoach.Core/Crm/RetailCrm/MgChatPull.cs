// Owns one pull of the MG Bot API: chats and their new messages, paged by since_id, into the chat model.
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Crm.Sync;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.RetailCrm;

/// <summary>
/// GET {MgUrl}/api/bot/v1/chats, then /messages?chat_id=… for each chat with news: both bare JSON
/// arrays in id order, paged with <c>since_id</c> (the last record's id) and <c>limit</c> (MG returns at
/// most 1000) until a page comes back shorter than the limit. Every chat is listed each pull; a chat's
/// messages are asked for only after the last one already read (<see cref="RetailCrmLinks"/>), and not
/// at all when its last_message is not newer. WhatsApp and Instagram chats are kept; other channels
/// are skipped (not rejected).
/// </summary>
internal sealed class MgChatPull(RetailCrmOptions options, RetailCrmHttp http, RetailCrmLinks links, RetailCrmMapper mapper, ItemValidation validation, ILogger logger)
{
    private readonly HashSet<string> placeholdersWritten = new(StringComparer.Ordinal);
    private readonly HashSet<long> fallbacksRecorded = [];
    private readonly Dictionary<string, int> skippedChannels = new(StringComparer.Ordinal);
    private readonly List<ChatOrderLink> chatLinks = [];
    private int chatsRead;
    private int messagesRead;

    /// <summary>Reads every chat; adds the dialogs it saw to <paramref name="touchedDialogs"/>; returns links MG gave directly (chat.order_id) for chats with no news.</summary>
    public async Task<IReadOnlyList<ChatOrderLink>> RunAsync(HashSet<long> touchedDialogs, Func<CrmBatch, Task> write, CancellationToken cancellationToken)
    {
        var cursors = await links.MessageCursorsAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var item in ListAsync("api/bot/v1/chats?", 0, cancellationToken).ConfigureAwait(false))
        {
            chatsRead++;
            if (validation.Map(() => mapper.Chat(item)) is not { } chat)
            {
                continue;
            }
            if (chat.Chat is null)
            {
                skippedChannels[chat.ChannelType ?? ""] = skippedChannels.GetValueOrDefault(chat.ChannelType ?? "") + 1;
                continue;
            }
            await ChatAsync(chat, chat.Chat, cursors.GetValueOrDefault(chat.MgId), touchedDialogs, write, cancellationToken).ConfigureAwait(false);
        }
        logger.LogInformation("RetailCRM MG: {Chats} chats listed, {Messages} new messages, skipped channels {Skipped}", chatsRead, messagesRead,
            string.Join(", ", skippedChannels.Select(s => OutboundJsonHttp.Invariant($"{s.Key}={s.Value}"))));
        return chatLinks;
    }

    private async Task ChatAsync(MgChat listed, Chat chat, long cursor, HashSet<long> touchedDialogs, Func<CrmBatch, Task> write, CancellationToken cancellationToken)
    {
        if (listed.LastMessageId is { } last && last <= cursor)
        {
            if (chat.OrderId is { } order)
            {
                chatLinks.Add(new ChatOrderLink(chat.Id, order));
            }
            return;
        }
        var messages = new List<ChatMessage>();
        var dialogs = new HashSet<long>();
        var managers = new List<Manager>();
        var fallbacks = new List<MgUserFallback>();
        var newest = cursor;
        await foreach (var item in ListAsync(OutboundJsonHttp.Invariant($"api/bot/v1/messages?chat_id={listed.MgId}&"), cursor, cancellationToken).ConfigureAwait(false))
        {
            // Even a rejected message is behind us: the next pull does not read (and count) it again.
            newest = Math.Max(newest, RetailCrmMapper.IdOf(item) ?? 0);
            if (validation.Map(() => mapper.Message(item, listed.MgId)) is not { } message)
            {
                continue;
            }
            messages.Add(message.Message);
            if (message.DialogId is { } dialog)
            {
                dialogs.Add(dialog);
            }
            if (message.Fallback is { } fallback && fallbacksRecorded.Add(fallback.MgUserId))
            {
                fallbacks.Add(fallback);
            }
            if (message.PlaceholderManager is { } placeholder && placeholdersWritten.Add(placeholder.Id))
            {
                managers.Add(placeholder);
            }
        }
        messagesRead += messages.Count;
        if (listed.LastDialogId is { } lastDialog)
        {
            dialogs.Add(lastDialog);
        }
        var newestSent = messages.Count > 0 ? messages.Max(m => m.SentAt) : chat.UpdatedAt;
        var written = chat with
        {
            ManagerId = chat.ManagerId ?? messages.FirstOrDefault(m => m is { Direction: Direction.Outbound, IsSystem: false, ManagerId: not null })?.ManagerId,
            UpdatedAt = newestSent > chat.UpdatedAt ? newestSent : chat.UpdatedAt,
        };
        await write(CrmBatch.Empty with { Managers = managers, Chats = [written], Messages = messages, Live = true }).ConfigureAwait(false);

        foreach (var fallback in fallbacks)
        {
            await links.RecordFallbackAsync(fallback, cancellationToken).ConfigureAwait(false);
            if (!fallback.MatchedByMgUserId)
            {
                logger.LogWarning("RetailCRM MG user {MgUserId} wrote without a RetailCRM user id; filed under {ManagerId}", fallback.MgUserId, fallback.ManagerId);
            }
        }
        foreach (var dialog in dialogs)
        {
            await links.SetDialogChatAsync(dialog, written.Id, cancellationToken).ConfigureAwait(false);
            touchedDialogs.Add(dialog);
        }
        if (newest > cursor)
        {
            await links.SetMessageCursorAsync(listed.MgId, newest, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One MG list from after <paramref name="sinceId"/> to its end, a page of <c>limit</c> records at a time.</summary>
    private async IAsyncEnumerable<JsonElement> ListAsync(string pathAndQueryStart, long sinceId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var limit = options.ValidMgPageSize;
        while (true)
        {
            var query = sinceId > 0
                ? OutboundJsonHttp.Invariant($"{pathAndQueryStart}since_id={sinceId}&limit={limit}")
                : OutboundJsonHttp.Invariant($"{pathAndQueryStart}limit={limit}");
            var page = await http.GetMessagingListAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (var item in page)
            {
                yield return item;
            }
            if (page.Count < limit)
            {
                yield break;
            }
            var last = RetailCrmMapper.IdOf(page[^1]);
            if (last is not { } next || next <= sinceId)
            {
                throw new OutboundResponseException("retailcrm-mg", $"{pathAndQueryStart.Split('?')[0]}: the last record of a full page has no id after {sinceId}; cannot page on.");
            }
            sinceId = next;
        }
    }
}
