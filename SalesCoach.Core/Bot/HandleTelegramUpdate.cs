// Owns handling one Telegram update exactly once: commands, linking, buttons, with authorization on each.
using System.Globalization;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Agent;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;
using SalesCoach.Core.Sales;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SalesCoach.Core.Bot;

/// <param name="Kind">The update's kind as the Bot API names it (message, callback_query, edited_message, my_chat_member, …).</param>
/// <param name="Outcome">What was done: handled, ignored, duplicate, in_progress, throttled, refused, stale, …</param>
public sealed record BotUpdateResult(long UpdateId, string Kind, string Outcome);

/// <summary>
/// One update, once: its update_id is claimed before anything is done (a redelivery is answered "duplicate").
/// Messages carry commands; callback queries carry buttons, looked up server-side for the user who pressed
/// them and checked against what that user may see now. Kinds the bot does not use are acknowledged and ignored.
/// Replies go to the outbox; a callback is answered directly (Telegram wants the answer within seconds).
/// </summary>
public sealed class HandleTelegramUpdate(
    ProcessedUpdates processed,
    BotViewers viewers,
    BotButtons buttons,
    BotLinks links,
    LinkCodes codes,
    ManagerRepository managers,
    BotScreens screens,
    ChangeLeadStage changeLeadStage,
    ChangeSaleStage changeSaleStage,
    AnalyzeLead analyzeLead,
    Deals.AnalyzeDeal analyzeDeal,
    RecommendationRepository recommendations,
    ActOnRecommendation act,
    ActionLog actions,
    OutboxRepository outbox,
    TelegramSender telegram,
    FloodGate flood,
    LanguageOptions languages,
    BotOptions options,
    TimeProvider time,
    ILogger<HandleTelegramUpdate> logger)
{
    public async Task<BotUpdateResult> RunAsync(Update update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var kind = Json.Name(update.Type.ToString());
        switch (await processed.ClaimAsync(update.Id, cancellationToken).ConfigureAwait(false))
        {
            case UpdateClaim.Done:
                return new BotUpdateResult(update.Id, kind, "duplicate");
            case UpdateClaim.InProgress:
                return new BotUpdateResult(update.Id, kind, "in_progress");
        }
        var output = new BotOutput(update.Id, time.GetUtcNow());
        string outcome;
        try
        {
            outcome = update.Type switch
            {
                UpdateType.Message when update.Message is { } message => await OnMessageAsync(message, output, cancellationToken).ConfigureAwait(false),
                UpdateType.CallbackQuery when update.CallbackQuery is { } query => await OnCallbackAsync(update.Id, query, output, cancellationToken).ConfigureAwait(false),
                _ => "ignored",
            };
            await buttons.AddAsync(output.Buttons, cancellationToken).ConfigureAwait(false);
            await outbox.EnqueueAsync(output.Messages, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Nothing was answered for good: Telegram delivers it again, and then it is handled afresh.
            await processed.ReleaseAsync(update.Id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        await processed.CompleteAsync(update.Id, outcome, cancellationToken).ConfigureAwait(false);
        if (output.CallbackAnswer is { } answer)
        {
            await telegram.AnswerCallbackAsync(answer.QueryId, answer.Text, answer.Alert, cancellationToken).ConfigureAwait(false);
        }
        logger.LogInformation("Telegram update {UpdateId} ({Kind}): {Outcome}, {Messages} replies queued", update.Id, kind, outcome, output.Messages.Count);
        return new BotUpdateResult(update.Id, kind, outcome);
    }

    /// <summary>"/leads@SalesCoachBot 2" → ("leads", "2"); text that is not a command → (null, text).</summary>
    public static (string? Command, string Argument) ParseCommand(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (!trimmed.StartsWith('/'))
        {
            return (null, trimmed);
        }
        var space = trimmed.IndexOfAny([' ', '\n', '\t']);
        var head = space < 0 ? trimmed[1..] : trimmed[1..space];
        var at = head.IndexOf('@', StringComparison.Ordinal);
        return ((at < 0 ? head : head[..at]).ToLowerInvariant(), space < 0 ? "" : trimmed[(space + 1)..].Trim());
    }

    private string LanguageOf(User user) => Languages.IsSupported(user.LanguageCode) ? user.LanguageCode! : Languages.OrDefault(languages.Default);

    private async Task<string> OnMessageAsync(Message message, BotOutput output, CancellationToken cancellationToken)
    {
        if (message.From is not { IsBot: false } from || message.Text is not { } text)
        {
            return "ignored";
        }
        var chatId = message.Chat.Id;
        var verdict = flood.Check(from.Id);
        var viewer = await viewers.FindAsync(from.Id, cancellationToken).ConfigureAwait(false);
        var t = viewer?.Texts ?? new BotTexts(LanguageOf(from));
        var partition = viewer?.Manager.Id ?? string.Create(CultureInfo.InvariantCulture, $"telegram-{from.Id}");
        if (verdict != FloodVerdict.Allowed)
        {
            if (verdict == FloodVerdict.FirstRefusal)
            {
                output.Text(chatId, partition, t.Throttled);
            }
            return "throttled";
        }
        var (command, argument) = ParseCommand(text);
        if (command is "start" or "link" && argument.Length > 0)
        {
            return await LinkAsync(message, from, argument, t, output, cancellationToken).ConfigureAwait(false);
        }
        if (viewer is null)
        {
            output.Text(chatId, partition, t.LinkInstructions);
            return "instructions";
        }
        var screen = command switch
        {
            "start" or "menu" or "help" => "menu",
            "leads" => "leads:" + (argument.Length > 0 ? argument : "1"),
            "sales" => "sales:" + (argument.Length > 0 ? argument : "1"),
            "deals" => "deals:" + (argument.Length > 0 ? argument : "1"),
            "deal" when Keys.IsValidId(argument) => "deal:" + argument,
            "plan" => "plan",
            "stats" => "stats",
            "chats" => "chats:1",
            _ => null,
        };
        if (command == "deal" && screen is null)
        {
            output.Text(chatId, viewer.Manager.Id, t.DealUsage);
            return "bad_input";
        }
        if (command == "code")
        {
            return await IssueCodeAsync(viewer, chatId, argument, output, cancellationToken).ConfigureAwait(false);
        }
        if (screen is null)
        {
            output.Text(chatId, viewer.Manager.Id, t.UnknownCommand);
            return command is null ? "text" : "unknown_command";
        }
        try
        {
            var drawn = new BotScreen(viewer.Manager.Id, time.GetUtcNow());
            await screens.DrawAsync(viewer, screen, drawn, cancellationToken).ConfigureAwait(false);
            output.Send(chatId, viewer.Manager.Id, drawn);
            return "handled";
        }
        catch (BotAccessDeniedException)
        {
            output.Text(chatId, viewer.Manager.Id, t.NotAllowed);
            return "refused";
        }
        catch (NotFoundException)
        {
            output.Text(chatId, viewer.Manager.Id, t.NotFound);
            return "not_found";
        }
    }

    /// <summary>/start CODE or /link CODE: redeems a one-time code and links this Telegram user (in a private chat) to its manager.</summary>
    private async Task<string> LinkAsync(Message message, User from, string code, BotTexts t, BotOutput output, CancellationToken cancellationToken)
    {
        var chatId = message.Chat.Id;
        var partition = string.Create(CultureInfo.InvariantCulture, $"telegram-{from.Id}");
        if (message.Chat.Type != ChatType.Private)
        {
            output.Text(chatId, partition, t.LinkInstructions);
            return "instructions";
        }
        var (outcome, managerId) = await codes.RedeemAsync(code, from.Id, cancellationToken).ConfigureAwait(false);
        if (outcome != RedeemOutcome.Linked)
        {
            output.Text(chatId, partition, outcome switch
            {
                RedeemOutcome.Expired => t.CodeExpired,
                RedeemOutcome.AlreadyUsed => t.CodeUsed,
                _ => t.CodeUnknown,
            });
            return "link_refused";
        }
        var manager = await managers.GetAsync(managerId!, cancellationToken).ConfigureAwait(false);
        if (manager is null)
        {
            output.Text(chatId, partition, t.CodeUnknown);
            return "link_refused";
        }
        await links.LinkAsync(new BotLink(from.Id, manager.Id, chatId, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        await managers.UpsertAsync(manager with { TelegramChatId = chatId }, cancellationToken).ConfigureAwait(false);
        var viewer = (await viewers.FindAsync(from.Id, cancellationToken).ConfigureAwait(false))!;
        logger.LogInformation("Telegram user linked to manager {ManagerId}", manager.Id);
        output.Text(chatId, manager.Id, TelegramHtml.Escape(viewer.Texts.Linked(manager.Name)));
        var menu = new BotScreen(manager.Id, time.GetUtcNow());
        BotScreens.Menu(viewer, menu);
        output.Send(chatId, manager.Id, menu);
        return "linked";
    }

    /// <summary>/code m2: a team lead (their team) or an admin (anyone) issues a link code in the bot.</summary>
    private async Task<string> IssueCodeAsync(BotViewer viewer, long chatId, string managerId, BotOutput output, CancellationToken cancellationToken)
    {
        var t = viewer.Texts;
        if (!Keys.IsValidId(managerId))
        {
            output.Text(chatId, viewer.Manager.Id, t.CodeUsage);
            return "bad_input";
        }
        if (!BotViewers.MayIssueCodeFor(viewer, managerId))
        {
            output.Text(chatId, viewer.Manager.Id, t.NotAllowed);
            return "refused";
        }
        var code = await codes.IssueAsync(managerId, viewer.Manager.Id, cancellationToken).ConfigureAwait(false);
        output.Text(chatId, viewer.Manager.Id, t.CodeIssued(TelegramHtml.Escape(viewer.Owner(managerId)!.Name), code.Code, code.ExpiresAt, viewer.Manager.TimeZone));
        return "code_issued";
    }

    private async Task<string> OnCallbackAsync(long updateId, CallbackQuery query, BotOutput output, CancellationToken cancellationToken)
    {
        var from = query.From;
        var viewer = await viewers.FindAsync(from.Id, cancellationToken).ConfigureAwait(false);
        var t = viewer?.Texts ?? new BotTexts(LanguageOf(from));
        if (flood.Check(from.Id) != FloodVerdict.Allowed)
        {
            output.Answer(query.Id, t.Throttled, alert: true);
            return "throttled";
        }
        if (viewer is null)
        {
            output.Answer(query.Id, t.LinkFirst, alert: true);
            return "unlinked";
        }
        var now = time.GetUtcNow();
        var found = BotButtons.TokenOf(query.Data) is { } token ? await buttons.FindAsync(viewer.Manager.Id, token, cancellationToken).ConfigureAwait(false) : null;
        if (found is not { } pressed || pressed.Button.CreatedAt.AddDays(options.ButtonLifetimeDays) < now)
        {
            // Someone else's button (it is stored under the manager it was shown to), an expired one, or data this bot never issued.
            output.Answer(query.Id, t.NotYours, alert: true);
            return "refused";
        }
        var (button, etag) = pressed;
        var chatId = query.Message?.Chat.Id ?? from.Id;
        void Show(BotScreen screen)
        {
            if (query.Message is { } message)
            {
                output.Edit(message.Chat.Id, message.Id, viewer.Manager.Id, screen);
            }
            else
            {
                output.Send(chatId, viewer.Manager.Id, screen);
            }
        }
        async Task RedrawAsync(string screenName)
        {
            var screen = new BotScreen(viewer.Manager.Id, time.GetUtcNow())
            {
                ActedRecommendationId = button.Action.StartsWith("rec_", StringComparison.Ordinal) ? button.Target : null,
            };
            await screens.DrawAsync(viewer, screenName, screen, cancellationToken).ConfigureAwait(false);
            Show(screen);
        }
        async Task<string> StaleAsync(string screenName)
        {
            output.Answer(query.Id, t.Stale, alert: true);
            await RedrawAsync(screenName).ConfigureAwait(false);
            return "stale";
        }

        // A stage button acts once, and only while the item is still in the stage it was drawn in (else it is stale).
        async Task<string> MoveAsync<TStage>(string screenName, TStage current, Func<TStage, string> stageName, Func<TStage, Task> move) where TStage : struct, Enum
        {
            if (button.UsedAt is not null || StageMachine<TStage>.Name(current) != button.State || !Json.TryParseName<TStage>(button.Argument ?? "", out var to)
                || !await buttons.TryUseAsync(button, etag, now, cancellationToken).ConfigureAwait(false))
            {
                return await StaleAsync(screenName).ConfigureAwait(false);
            }
            try
            {
                await move(to).ConfigureAwait(false);
            }
            catch (InvalidTransitionException)
            {
                return await StaleAsync(screenName).ConfigureAwait(false);
            }
            output.Answer(query.Id, t.Moved(stageName(to)));
            await RedrawAsync(screenName).ConfigureAwait(false);
            return "stage_changed";
        }

        try
        {
            switch (button.Action)
            {
                case BotActions.Show:
                    await RedrawAsync(button.Argument ?? "menu").ConfigureAwait(false);
                    output.Answer(query.Id, null);
                    return "handled";
                case BotActions.LeadStage:
                {
                    var leadId = long.Parse(button.Target!, CultureInfo.InvariantCulture);
                    var lead = await screens.VisibleLeadAsync(viewer, leadId, cancellationToken).ConfigureAwait(false);
                    return await MoveAsync("lead:" + button.Target, lead.Stage, t.LeadStageName,
                        to => changeLeadStage.RunAsync(leadId, to, "telegram:" + viewer.Manager.Id, "changed in the Telegram bot", cancellationToken)).ConfigureAwait(false);
                }
                case BotActions.SaleStage:
                {
                    var saleId = long.Parse(button.Target!, CultureInfo.InvariantCulture);
                    var sale = await screens.VisibleSaleAsync(viewer, saleId, cancellationToken).ConfigureAwait(false);
                    return await MoveAsync("sale:" + button.Target, sale.Stage, t.SaleStageName,
                        to => changeSaleStage.RunAsync(saleId, to, "telegram:" + viewer.Manager.Id, "changed in the Telegram bot", cancellationToken)).ConfigureAwait(false);
                }
                case BotActions.AnalyzeLead:
                {
                    var leadId = long.Parse(button.Target!, CultureInfo.InvariantCulture);
                    await screens.VisibleLeadAsync(viewer, leadId, cancellationToken).ConfigureAwait(false);
                    await analyzeLead.RunAsync(leadId, force: true, cancellationToken).ConfigureAwait(false);
                    output.Answer(query.Id, t.Analyzed);
                    await RedrawAsync("lead:" + button.Target).ConfigureAwait(false);
                    return "analyzed";
                }
                case BotActions.AnalyzeDeal:
                {
                    await screens.VisibleDealAsync(viewer, button.Target!, cancellationToken).ConfigureAwait(false);
                    await analyzeDeal.RunAsync(button.Target!, notify: false, cancellationToken).ConfigureAwait(false);
                    output.Answer(query.Id, t.Analyzed);
                    await RedrawAsync("deal:" + button.Target).ConfigureAwait(false);
                    return "analyzed";
                }
                case BotActions.RecommendationDone or BotActions.RecommendationSnooze or BotActions.RecommendationDismiss:
                    return await OnRecommendationAsync(updateId, viewer, button, etag, query, output, RedrawAsync, StaleAsync, cancellationToken).ConfigureAwait(false);
                default:
                    output.Answer(query.Id, t.NotYours, alert: true);
                    return "refused";
            }
        }
        catch (BotAccessDeniedException)
        {
            output.Answer(query.Id, t.NotAllowed, alert: true);
            return "refused";
        }
        catch (NotFoundException)
        {
            output.Answer(query.Id, t.NotFound, alert: true);
            return "not_found";
        }
    }

    /// <summary>Done, Snooze 1 day and Not relevant on a recommendation: its outcome, which the acceptance and completion rates count.</summary>
    private async Task<string> OnRecommendationAsync(long updateId, BotViewer viewer, BotButton button, Azure.ETag etag, CallbackQuery query, BotOutput output,
        Func<string, Task> redrawAsync, Func<string, Task<string>> staleAsync, CancellationToken cancellationToken)
    {
        var t = viewer.Texts;
        var now = time.GetUtcNow();
        var screen = button.Argument ?? "plan";
        var recommendation = await recommendations.GetAsync(button.Target!, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Recommendation", button.Target!);
        if (!viewer.CanSee(recommendation.ManagerId))
        {
            throw new BotAccessDeniedException();
        }
        if (button.UsedAt is not null || Json.Name(recommendation.StatusAt(now).ToString()) != button.State
            || !await buttons.TryUseAsync(button, etag, now, cancellationToken).ConfigureAwait(false))
        {
            return await staleAsync(screen).ConfigureAwait(false);
        }
        string answer;
        try
        {
            switch (button.Action)
            {
                case BotActions.RecommendationDone:
                    await act.RunAsync(recommendation.Id, RecommendationAction.Complete, cancellationToken).ConfigureAwait(false);
                    answer = t.MarkedDone;
                    break;
                case BotActions.RecommendationDismiss:
                    await act.RunAsync(recommendation.Id, RecommendationAction.Dismiss, cancellationToken).ConfigureAwait(false);
                    answer = t.Dismissed;
                    break;
                default:
                    await SnoozeAsync(recommendation, now, output, cancellationToken).ConfigureAwait(false);
                    answer = t.Snoozed;
                    break;
            }
        }
        catch (ConflictException)
        {
            return await staleAsync(screen).ConfigureAwait(false);
        }
        await actions.RecordAsync(new AgentAction(string.Create(CultureInfo.InvariantCulture, $"bot-{updateId}"), "bot_" + button.Action, recommendation.TargetKind, recommendation.TargetId,
            recommendation.ManagerId, true, "pressed in Telegram by " + viewer.Manager.Id, now), cancellationToken).ConfigureAwait(false);
        output.Answer(query.Id, answer);
        await redrawAsync(screen).ConfigureAwait(false);
        return button.Action;
    }

    /// <summary>
    /// Snooze 1 day: the recommendation counts as accepted and stays open at least a day more, and a reminder with
    /// its buttons waits in the outbox until the same time tomorrow (the outbox sends nothing before its next attempt).
    /// </summary>
    private async Task SnoozeAsync(Recommendation recommendation, DateTimeOffset now, BotOutput output, CancellationToken cancellationToken)
    {
        var until = now.AddDays(1);
        await recommendations.MutateAsync(recommendation.Id, r => Recommendation.IsFinished(r.StatusAt(now))
            ? throw new ConflictException($"Recommendation '{r.Id}' is already {Json.Name(r.StatusAt(now).ToString())}.")
            : r with { AcceptedAt = r.AcceptedAt ?? now, ExpiresAt = r.ExpiresAt > until.AddHours(12) ? r.ExpiresAt : until.AddHours(12) }, cancellationToken).ConfigureAwait(false);
        var owner = await managers.GetAsync(recommendation.ManagerId, cancellationToken).ConfigureAwait(false);
        if (owner?.TelegramChatId is not { } chat)
        {
            return;
        }
        var everyone = await managers.ListAsync(cancellationToken).ConfigureAwait(false);
        var ownerView = viewers.Of(owner, everyone);
        var reminder = new BotScreen(owner.Id, now);
        reminder.Html.Append(ownerView.Texts.Reminder).Append(": <b>").Append(TelegramHtml.Escape(recommendation.Title)).Append("</b>");
        if (recommendation.TargetName is { } name)
        {
            reminder.Html.Append(" — ").Append(TelegramHtml.Escape(name));
        }
        var snoozed = (await recommendations.GetAsync(recommendation.Id, cancellationToken).ConfigureAwait(false))!;
        BotScreens.RecommendationButtons(ownerView.Texts, snoozed, now, "plan", reminder, prefix: "");
        output.Send(chat, owner.Id, reminder, at: until);
    }
}
