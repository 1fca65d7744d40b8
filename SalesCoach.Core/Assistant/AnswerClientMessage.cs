// Owns handling one WhatsApp message to the assistant: manager commands, handoff forwarding, the dialogue, its side effects (replies, photos, order, manager notes) and the state.
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Assistant.Conversations;
using SalesCoach.Core.Assistant.Knowledge;
using SalesCoach.Core.Assistant.Nudges;
using SalesCoach.Core.Assistant.Orders;
using SalesCoach.Core.Assistant.Outgoing;
using SalesCoach.Core.Assistant.Photos;
using SalesCoach.Core.Assistant.Stock;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Assistant;

/// <summary>A message to the assistant. <see cref="Text"/> is null for what is not text (a photo, a voice note).</summary>
public sealed record IncomingMessage(string Phone, string MessageId, string? Text, DateTimeOffset At, bool Simulation);

/// <summary>A reply: a text, or a photo (file name and link) with its caption.</summary>
public sealed record AssistantReply(string? Text, string? PhotoFile = null, Uri? PhotoUrl = null);

/// <summary>What handling a message did.</summary>
public sealed record AssistantResult(bool Duplicate, IReadOnlyList<AssistantReply> Replies, Conversation State, string? Order, IReadOnlyList<string> Citations, string? AnswerSource);

/// <summary>
/// Handles one incoming message. A message id already handled for this client changes nothing (webhook
/// redelivery). From a configured manager phone, "/handoff on|off|status &lt;phone&gt;" switches a client's
/// handoff. While a client is handed off, their messages go to the manager in Telegram and the assistant
/// is silent. Otherwise the dialogue decides; its effects are made idempotent before the state is saved
/// (replies queued under ids derived from the message, the order stored under a number derived from it,
/// the manager notified only when the order was new), then the state is written with its ETag (a
/// concurrent change re-runs the message on the fresh state). Any reply clears the nudges the client's
/// answer cancelled and schedules nudge 1; "I'll think about it" after nudge 1 keeps nudge 2 due.
/// </summary>
public sealed partial class AnswerClientMessage(
    ConversationStore conversations, InventoryStore inventory, KnowledgeBase knowledge, KnowledgeAnswerer answerer, ProductPhotos photos,
    AssistantOrders orders, WhatsAppOutbox outbox, OutboxRepository telegram, ManagerRepository managers, AssistantOptions options,
    TimeProvider time, ILogger<AnswerClientMessage> logger)
{
    private const int MaxAttempts = 5;
    private readonly AssistantDialogue dialogue = new(AssistantLexicon.Default);

    public async Task<AssistantResult> RunAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (options.IsManager(message.Phone) && message.Text?.TrimStart().StartsWith("/handoff", StringComparison.OrdinalIgnoreCase) == true)
        {
            return await ManagerCommandAsync(message, cancellationToken).ConfigureAwait(false);
        }
        var key = Conversation.KeyOf(message.Phone, message.Simulation);
        for (var attempt = 1; ; attempt++)
        {
            var (stored, etag) = await conversations.GetAsync(key, cancellationToken).ConfigureAwait(false);
            var state = stored ?? Conversation.New(message.Phone, message.Simulation);
            if (state.HandledMessageIds.Contains(message.MessageId))
            {
                return new AssistantResult(true, [], state, state.OrderNumber, [], null);
            }
            var (next, result) = await DecideAsync(state, message, cancellationToken).ConfigureAwait(false);
            if (await conversations.TrySaveAsync(next, stored, etag, cancellationToken).ConfigureAwait(false))
            {
                return result with { State = next };
            }
            if (attempt >= MaxAttempts)
            {
                throw new ConflictException($"The conversation with {message.Phone} kept changing; the message was not handled, try again.");
            }
        }
    }

    private async Task<(Conversation Next, AssistantResult Result)> DecideAsync(Conversation state, IncomingMessage message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var thinking = AssistantLexicon.Default.IsOnlyThinking(message.Text);
        // The client answered: the nudges stop, except that "I'll think about it" after nudge 1 leaves nudge 2 due.
        var keepNudge = thinking && state.NudgesSent >= 1 && state.NudgesSent < NudgePolicy.MaxNudges;
        state = state with
        {
            LastClientAt = message.At,
            HandledMessageIds = [.. state.HandledMessageIds, message.MessageId],
            NudgesSent = keepNudge ? state.NudgesSent : 0,
            FirstNudgeAt = keepNudge ? state.FirstNudgeAt : null,
            NudgeDueAt = keepNudge ? state.NudgeDueAt : null,
        };
        if (state.Handoff)
        {
            if (!message.Simulation)
            {
                await NotifyManagerAsync($"assistant-fwd-{state.Key}-{message.MessageId}",
                    $"💬 <b>{TelegramHtml.Escape(message.Phone)}</b> (handed off): {TelegramHtml.Escape(message.Text ?? "[not text]")}", now, cancellationToken).ConfigureAwait(false);
            }
            return (state, new AssistantResult(false, [], state, state.OrderNumber, [], null));
        }
        if (message.Text is not { Length: > 0 } text)
        {
            var reply = AssistantLexicon.Default.Reply(state.Language, "non_text");
            return await FinishAsync(state, message, [new AssistantReply(reply)], null, null, keepNudge, now, cancellationToken).ConfigureAwait(false);
        }

        var catalog = await inventory.GetAsync(cancellationToken).ConfigureAwait(false);
        var turn = await dialogue.RespondAsync(state, text, catalog, OrderNumber(state.Key, message.MessageId), async (question, language) =>
        {
            var hits = await knowledge.RetrieveAsync(question, cancellationToken).ConfigureAwait(false);
            return await answerer.AnswerAsync(question, hits, language, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var replies = turn.Texts.Select(t => new AssistantReply(t)).ToList();
        if (turn.Photos is { } request)
        {
            IReadOnlyList<ProductPhoto> found;
            try
            {
                found = await photos.FindAsync(request.Product, request.Color, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                logger.LogWarning("Photos unavailable: {Reason}", e.Message);
                found = [];
            }
            var lang = turn.Next.Language;
            replies.Add(new AssistantReply(AssistantLexicon.Default.Reply(lang, found.Count > 0 ? "photos" : "no_photos", ("item", request.Item))));
            replies.AddRange(found.Select(p => new AssistantReply(null, p.FileName, p.Url)));
        }
        var next = turn.Next;
        if (turn.Order is { } draft)
        {
            var order = new AssistantOrder(draft.Number, next.Key, next.Phone, draft.Product, draft.Color, draft.Size, draft.City, draft.Address, draft.Price, draft.Currency, now, message.Simulation);
            if (await orders.TryAddAsync(order, cancellationToken).ConfigureAwait(false) && !message.Simulation)
            {
                await NotifyManagerAsync($"assistant-order-{draft.Number}",
                    $"🛍 <b>Order {TelegramHtml.Escape(draft.Number)}</b> from WhatsApp {TelegramHtml.Escape(next.Phone)}\n"
                    + $"{TelegramHtml.Escape(draft.Product)}, {TelegramHtml.Escape(draft.Color)}, {TelegramHtml.Escape(draft.Size)} — {TelegramHtml.Escape(AssistantLexicon.Money(draft.Price, draft.Currency))}\n"
                    + $"{TelegramHtml.Escape(draft.City)}, {TelegramHtml.Escape(draft.Address)}", now, cancellationToken).ConfigureAwait(false);
            }
        }
        if (turn.HandoffQuestion is { } question && !message.Simulation)
        {
            await NotifyManagerAsync($"assistant-handoff-{next.Key}-{message.MessageId}",
                $"🙋 WhatsApp client <b>{TelegramHtml.Escape(next.Phone)}</b> asked what the knowledge base does not answer; the assistant is off for them until /handoff off.\n{TelegramHtml.Escape(question)}", now, cancellationToken).ConfigureAwait(false);
        }
        return await FinishAsync(next, message, replies, turn.Knowledge, next.OrderNumber, keepNudge, now, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(Conversation, AssistantResult)> FinishAsync(Conversation next, IncomingMessage message, IReadOnlyList<AssistantReply> replies,
        KnowledgeAnswer? answer, string? order, bool keepNudge, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (replies.Count > 0)
        {
            next = next with { LastAssistantAt = now };
            if (!keepNudge && options.NudgesEnabled && !next.Handoff && next.Stage != ConversationStage.Ordered && !next.IsSimulation)
            {
                next = next with { NudgeDueAt = NudgePolicy.FirstDue(now, options.ZoneOf(next.Phone), options) };
            }
            if (!message.Simulation)
            {
                var chatId = next.Phone + "@c.us";
                await outbox.EnqueueAsync(replies.Select((r, i) => new WhatsAppOutgoing
                {
                    Id = $"reply-{next.Phone}-{message.MessageId}-{i + 1}",
                    ChatId = chatId,
                    Kind = r.PhotoFile is null ? WhatsAppMessageKind.Text : WhatsAppMessageKind.Photo,
                    Text = r.Text,
                    Blob = r.PhotoUrl is null ? null : BlobName(r.PhotoUrl),
                    CreatedAt = now.AddTicks(i),
                }), cancellationToken).ConfigureAwait(false);
            }
        }
        return (next, new AssistantResult(false, replies, next, order, answer?.Citations ?? [], answer?.Source));
    }

    /// <summary>"/handoff on|off|status &lt;phone&gt;" from a manager: switches the client, answers the manager.</summary>
    private async Task<AssistantResult> ManagerCommandAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        var manager = Conversation.New(message.Phone, message.Simulation);
        var parts = message.Text!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var action = parts.Length >= 2 ? parts[1].ToLowerInvariant() : "";
        var target = parts.Length >= 3 ? AssistantOptions.Phone(string.Concat(parts.Skip(2))) : null;
        string reply;
        if (action is not ("on" or "off" or "status") || target is null)
        {
            reply = AssistantLexicon.Default.Reply("ru", "handoff_usage");
        }
        else
        {
            var key = Conversation.KeyOf(target, message.Simulation);
            var on = action == "on";
            for (var attempt = 1; ; attempt++)
            {
                var (stored, etag) = await conversations.GetAsync(key, cancellationToken).ConfigureAwait(false);
                var state = stored ?? Conversation.New(target, message.Simulation);
                if (action == "status")
                {
                    reply = AssistantLexicon.Default.Reply("ru", state.Handoff ? "handoff_status_on" : "handoff_status_off", ("phone", target));
                    break;
                }
                var next = state with { Handoff = on, HandoffReason = on ? "manager" : null, NudgeDueAt = on ? null : state.NudgeDueAt };
                if (state.Handoff == on || await conversations.TrySaveAsync(next, stored, etag, cancellationToken).ConfigureAwait(false))
                {
                    reply = AssistantLexicon.Default.Reply("ru", on ? "handoff_on" : "handoff_off", ("phone", target));
                    break;
                }
                if (attempt >= MaxAttempts)
                {
                    throw new ConflictException($"The conversation with {target} kept changing; try the command again.");
                }
            }
        }
        if (!message.Simulation)
        {
            await outbox.EnqueueAsync([new WhatsAppOutgoing
            {
                Id = $"reply-{message.Phone}-{message.MessageId}-1",
                ChatId = message.Phone + "@c.us",
                Kind = WhatsAppMessageKind.Text,
                Text = reply,
                CreatedAt = time.GetUtcNow(),
            }], cancellationToken).ConfigureAwait(false);
        }
        return new AssistantResult(false, [new AssistantReply(reply)], manager, null, [], null);
    }

    private async Task NotifyManagerAsync(string id, string html, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var manager = options.ManagerId is { Length: > 0 } managerId ? await managers.GetAsync(managerId, cancellationToken).ConfigureAwait(false) : null;
        if (manager is null)
        {
            logger.LogWarning("No manager to notify (Assistant:ManagerId = {ManagerId}); {Id} not sent to Telegram", options.ManagerId, id);
            return;
        }
        var kind = id.StartsWith("assistant-order-", StringComparison.Ordinal) ? OutboxKind.AssistantOrder : OutboxKind.AssistantHandoff;
        await telegram.EnqueueAsync(OutboxMessages.FromHtml(manager, kind, html, Safe(id), now, null, null), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An order number from the conversation and the confirming message: "A" and 8 hex digits.</summary>
    public static string OrderNumber(string conversationKey, string messageId) =>
        "A" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(conversationKey + "\n" + messageId)))[..8];

    /// <summary>The blob name inside the photos container, from its link (the path after the container).</summary>
    private static string BlobName(Uri url)
    {
        var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // Azurite paths carry the account first: /devstoreaccount1/{container}/{blob}.
        var container = Array.FindIndex(segments, s => s.EndsWith("-" + ProductPhotos.ContainerName, StringComparison.Ordinal));
        return Uri.UnescapeDataString(string.Join('/', segments.Skip(container + 1)));
    }

    /// <summary>Table keys forbid '/', '\\', '#', '?': message ids may hold none of them, but a phone or id from outside is cleaned anyway.</summary>
    private static string Safe(string id) => new(id.Select(c => c is '/' or '\\' or '#' or '?' ? '_' : c).ToArray());
}
