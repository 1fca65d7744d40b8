// Owns the real-time intervention on a client's inbound message: detect, find the owner, once per message, throttled per chat, into the owner's Telegram outbox.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Crm;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;

namespace SalesCoach.Core.Agent;

/// <summary>
/// Seed 001's real-time intervention engine. For each inbound client message that shows a signal (price
/// objection, competitor, buying signal, meeting, or any message from a client whose open deal is large):
/// the owner (the chat's manager, else the deal's) gets one Telegram message with what happened, what to
/// answer and the playbook. Once per message: the intervention is claimed by a deterministic id, and a
/// redelivery finds the claim (finishing it if the first handler died half-way; the outbox id is
/// deterministic too). At most one per conversation within <see cref="AgentOptions.InterventionThrottle"/>;
/// the rest are recorded as throttled. Messages older than <see cref="AgentOptions.InterventionMaxMessageAge"/>
/// (history arriving late) are left alone.
/// </summary>
public sealed class InterveneOnInboundMessage(
    SignalDetector detector,
    InterventionRepository interventions,
    ChatRepository chats,
    DealRepository deals,
    ManagerRepository managers,
    OutboxRepository outbox,
    ActionLog actions,
    AgentMemory memory,
    AgentOptions options,
    LanguageOptions languages,
    TimeProvider time,
    ILogger<InterveneOnInboundMessage> logger) : IInboundMessageObserver
{
    public const int ClientTextLength = 500;

    public Task OnInboundAsync(InboundClientMessage message, CancellationToken cancellationToken) => RunAsync(message, cancellationToken);

    /// <summary>The intervention as it stands after this call, or null when the message shows nothing (or is too old).</summary>
    public async Task<Intervention?> RunAsync(InboundClientMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = time.GetUtcNow();
        if (now - message.SentAt > options.InterventionMaxMessageAge)
        {
            return null;
        }
        var detection = detector.Detect(message.Text);
        var chat = message.ChatId is { } chatId ? await chats.GetAsync(chatId, cancellationToken).ConfigureAwait(false) : null;
        var dealId = message.DealId ?? chat?.OrderId;
        var deal = dealId is null ? null : await deals.GetAsync(dealId, cancellationToken).ConfigureAwait(false);
        var signals = detection.Signals.ToHashSet();
        if (deal is { Status: DealStatus.Open } && deal.Budget >= options.HighValueBudget)
        {
            signals.Add(Signal.HighValue);
        }
        if (signals.Count == 0)
        {
            return null;
        }

        var conversation = message.ChatId ?? "deal-" + dealId;
        var ownerId = message.ManagerId ?? chat?.ManagerId ?? deal?.ManagerId;
        var owner = ownerId is null ? null : await managers.GetAsync(ownerId, cancellationToken).ConfigureAwait(false);
        var clientName = message.ClientName ?? chat?.ClientName ?? deal?.ClientName;
        var draft = Compose(message, conversation, signals, detection.Competitor, owner?.Id ?? ownerId, clientName, deal, owner is null ? languages.ForTeam(null) : languages.For(owner), now);

        var stored = await interventions.ClaimAsync(draft, cancellationToken).ConfigureAwait(false);
        if (stored is { Status: not InterventionStatus.Claimed })
        {
            return stored;
        }
        var intervention = stored ?? draft;

        if (owner is null)
        {
            return await FinishAsync(intervention with { Status = InterventionStatus.NoOwner }, "intervention", false,
                ownerId is null ? "nobody owns the conversation" : $"owner {ownerId} is not a known manager", cancellationToken).ConfigureAwait(false);
        }
        if (!await interventions.TryPassThrottleAsync(conversation, intervention.Id, now, options.InterventionThrottle, cancellationToken).ConfigureAwait(false))
        {
            return await FinishAsync(intervention with { Status = InterventionStatus.Throttled }, "intervention_throttled", true,
                $"another intervention in this conversation within {options.InterventionThrottle}", cancellationToken).ConfigureAwait(false);
        }
        var queuedAt = time.GetUtcNow();
        await outbox.EnqueueAsync(OutboxMessages.FromHtml(owner, OutboxKind.Intervention, Html(intervention, clientName), intervention.Id, queuedAt, null, dealId), cancellationToken).ConfigureAwait(false);
        await memory.RememberSignalsAsync(owner.Id, conversation, clientName, intervention.Signals, intervention.Competitor, queuedAt, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Intervention {InterventionId} ({Signals}) queued for manager {ManagerId}", intervention.Id, string.Join(',', intervention.Signals), owner.Id);
        return await FinishAsync(intervention with { Status = InterventionStatus.Queued, QueuedAt = queuedAt }, "intervention", true,
            string.Join(',', intervention.Signals.Select(SignalDetector.WireName)), cancellationToken).ConfigureAwait(false);
    }

    private async Task<Intervention> FinishAsync(Intervention intervention, string actionType, bool success, string detail, CancellationToken cancellationToken)
    {
        await interventions.UpdateAsync(intervention, cancellationToken).ConfigureAwait(false);
        await actions.RecordAsync(new AgentAction(intervention.Id, actionType, intervention.ChatId is null ? TargetKind.Deal : TargetKind.Chat,
            intervention.ChatId ?? intervention.DealId, intervention.ManagerId, success, detail, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        return intervention;
    }

    /// <summary>Signals in order of what matters most; the first one's template speaks, the others are named.</summary>
    private Intervention Compose(InboundClientMessage message, string conversation, HashSet<Signal> signals, string? competitor, string? managerId, string? clientName, Deal? deal, string language, DateTimeOffset now)
    {
        var ordered = new[] { Signal.BuyingSignal, Signal.PriceObjection, Signal.Competitor, Signal.HighValue, Signal.MeetingScheduled }.Where(signals.Contains).ToList();
        var lead = detector.Templates[ordered[0]];
        var managerText = lead.For(language);
        var clientLanguage = ChatLexicon.DetectLanguage(message.Text);
        var client = string.IsNullOrWhiteSpace(clientName) ? Fallback(language) : clientName;
        var text = managerText.Message
            .Replace("{client}", client, StringComparison.Ordinal)
            .Replace("{competitor}", competitor is null ? "" : $" ({competitor})", StringComparison.Ordinal)
            .Replace("{deal}", deal is null ? "" : $"{deal.Name}, {PlanTexts.Money(language, deal.Budget, deal.Currency)}", StringComparison.Ordinal);
        var also = ordered.Skip(1).Select(s => detector.Templates[s].For(language).Title).ToList();
        if (also.Count > 0)
        {
            text += " + " + string.Join(", ", also);
        }
        return new Intervention
        {
            Id = IdOf(message),
            Conversation = conversation,
            Source = message.Source,
            MessageId = message.MessageId,
            ChatId = message.ChatId,
            DealId = message.DealId ?? deal?.Id,
            ManagerId = managerId,
            Signals = ordered,
            Competitor = competitor,
            Title = managerText.Title,
            Message = text,
            SuggestedResponse = lead.For(clientLanguage).SuggestedResponse,
            Playbook = lead.Playbook,
            Urgency = ordered.Select(s => detector.Templates[s].Urgency).Min(),
            ClientText = message.Text.Length > ClientTextLength ? message.Text[..ClientTextLength] : message.Text,
            Status = InterventionStatus.Claimed,
            SentAt = message.SentAt,
            ReceivedAt = message.ReceivedAt ?? now,
        };
    }

    /// <summary>"iv-" and 24 hex digits of the source, conversation and message id: the same message is the same intervention.</summary>
    public static string IdOf(InboundClientMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var key = $"{message.Source}\n{message.ChatId}\n{message.DealId}\n{message.MessageId}";
        return "iv-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24];
    }

    public static string Html(Intervention intervention, string? clientName)
    {
        ArgumentNullException.ThrowIfNull(intervention);
        var icon = intervention.Urgency switch
        {
            RecommendationUrgency.Critical => "🔥",
            RecommendationUrgency.High => "⚡",
            _ => "📌",
        };
        var quote = intervention.ClientText.Length > 300 ? intervention.ClientText[..300] + "…" : intervention.ClientText;
        return $"{icon} <b>{TelegramHtml.Escape(intervention.Title)}</b>\n{TelegramHtml.Escape(intervention.Message)}\n\n" +
            $"💬 {TelegramHtml.Escape(clientName ?? "")}: «{TelegramHtml.Escape(quote)}»\n\n" +
            $"✍️ <i>{TelegramHtml.Escape(intervention.SuggestedResponse)}</i>\n📘 {TelegramHtml.Escape(intervention.Playbook)}";
    }

    private static string Fallback(string language) => language switch
    {
        "ru" => "Клиент",
        "uk" => "Клієнт",
        _ => "The client",
    };
}
