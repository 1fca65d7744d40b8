// Owns the end-to-end session of a manager with the bot on the wire: link, /leads, open a lead, move its stage, a stale tap, /plan, Done.
using SalesCoach.Core.Agent;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SalesCoach.Tests.Bot;

[Collection(AzuriteCollection.Name)]
public sealed class BotSessionTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private BotTestBed bed = null!;

    public async Task InitializeAsync() => bed = await BotTestBed.StartAsync(azurite, new Dictionary<string, string?> { ["Telegram:PerChatInterval"] = "00:00:00.05" });

    public async Task DisposeAsync() => await bed.DisposeAsync();

    private async Task<OutboxMessage> DeliveredAsync(OutboxMessage reply) =>
        (await bed.App.Get<OutboxRepository>().FindAsync(reply.ManagerId, reply.Id, default))!.Value.Message;

    [Fact]
    public async Task A_manager_links_lists_leads_moves_one_and_marks_a_plan_item_done()
    {
        var log = new Transcript(bed);
        var createLead = bed.App.Get<CreateLead>();
        var lead = await createLead.RunAsync(new NewLead(LeadSource.Partner, "logistics", new LeadContact("ООО Вектор", "+79990001122", null), "m-ivan"), default);
        await createLead.RunAsync(new NewLead(LeadSource.Scanner, "retail", new LeadContact("ИП Соколов", null, null), "m-ivan"), default);
        await createLead.RunAsync(new NewLead(LeadSource.Manual, "retail", new LeadContact("Чужой лид", null, null), "m-far"), default);

        // 1. Link with a one-time code issued over HTTP.
        var code = await bed.IssueCodeAsync("m-ivan");
        log.Note($"POST /api/managers/m-ivan/telegram-link-code → {code}");
        log.User(BotTestBed.Ivan, "/start " + code);
        Assert.Equal("linked", await bed.OutcomeAsync(BotWire.Message(BotTestBed.Ivan, "/start " + code)));
        await log.DeliverAsync();

        // 2. /leads: only Ivan's open leads, one button each.
        var leads = BotWire.Message(BotTestBed.Ivan, "/leads");
        log.User(BotTestBed.Ivan, "/leads");
        var (listed, listReplies) = await bed.ExchangeAsync(leads);
        Assert.Equal("handled", listed);
        await log.DeliverAsync();
        var list = await DeliveredAsync(listReplies.Single());
        Assert.Equal(OutboxStatus.Sent, list.Status);
        var labels = BotTestBed.Buttons(list).Select(b => b.Text).ToList();
        Assert.Equal(2, labels.Count);
        Assert.DoesNotContain(labels, l => l.Contains("Чужой", StringComparison.Ordinal));

        // 3. Open the lead: the list message becomes its card, with only the legal next stages.
        var open = BotTestBed.Data(list, "Вектор");
        log.Press(BotTestBed.Ivan, list, open);
        var (opened, cardReplies) = await bed.ExchangeAsync(BotWire.Callback(BotTestBed.Ivan, open, list.TelegramMessageId!.Value));
        Assert.Equal("handled", opened);
        await log.DeliverAsync();
        var card = await DeliveredAsync(cardReplies.Single());
        Assert.Equal(list.TelegramMessageId, card.EditMessageId);
        Assert.Equal(["➡ в контакте", "➡ потерян", "🔍 Анализ"], BotTestBed.Buttons(card).Select(b => b.Text));

        // 4. Move it to "contacted": stored, the card edited in place to the new stage and its next step.
        var move = BotTestBed.Data(card, "в контакте");
        log.Press(BotTestBed.Ivan, card, move);
        var (moved, movedReplies) = await bed.ExchangeAsync(BotWire.Callback(BotTestBed.Ivan, move, list.TelegramMessageId!.Value));
        Assert.Equal("stage_changed", moved);
        await log.DeliverAsync();
        Assert.Equal(LeadStage.Contacted, (await bed.App.Get<PipelineRepository>().GetLeadAsync(lead.Id, default))!.Stage);
        var movedCard = movedReplies.Single();
        Assert.Contains("в контакте", movedCard.Text, StringComparison.Ordinal);
        Assert.Equal(["➡ квалифицирован", "➡ потерян", "🔍 Анализ"], BotTestBed.Buttons(movedCard).Select(b => b.Text));

        // 5. The old button pressed again: stale, nothing moves twice.
        log.Press(BotTestBed.Ivan, card, move);
        Assert.Equal("stale", await bed.OutcomeAsync(BotWire.Callback(BotTestBed.Ivan, move, list.TelegramMessageId!.Value)));
        await log.DeliverAsync();
        Assert.Equal(LeadStage.Contacted, (await bed.App.Get<PipelineRepository>().GetLeadAsync(lead.Id, default))!.Stage);
        Assert.Single(await bed.App.Get<PipelineRepository>().HistoryAsync(lead.Id, default), h => h.To == "contacted");

        // 6. Today's plan, and Done on its first item: the recommendation's outcome is recorded.
        var ivan = (await bed.App.Get<ManagerRepository>().GetAsync("m-ivan", default))!;
        var (plan, _) = await bed.App.Get<CreateDailyPlan>().RunAsync(ivan, default);
        Assert.NotEmpty(plan.Top3Priorities);
        log.Note($"the morning's daily plan: {plan.Top3Priorities.Count} priorities");
        await log.DeliverAsync();
        log.User(BotTestBed.Ivan, "/plan");
        var (shown, planReplies) = await bed.ExchangeAsync(BotWire.Message(BotTestBed.Ivan, "/plan"));
        Assert.Equal("handled", shown);
        await log.DeliverAsync();
        var planMessage = await DeliveredAsync(planReplies.Single());
        var done = BotTestBed.Data(planMessage, "1 ✅");
        log.Press(BotTestBed.Ivan, planMessage, done);
        var (marked, markedReplies) = await bed.ExchangeAsync(BotWire.Callback(BotTestBed.Ivan, done, planMessage.TelegramMessageId!.Value));
        Assert.Equal("rec_done", marked);
        await log.DeliverAsync();
        var recommendation = (await bed.App.Get<RecommendationRepository>().GetAsync(plan.Top3Priorities[0].RecommendationId, default))!;
        Assert.Equal(RecommendationStatus.Done, recommendation.Status);
        Assert.Contains("1. ✅ сделано", markedReplies.Single().Text, StringComparison.Ordinal);
        Assert.DoesNotContain(BotTestBed.Buttons(markedReplies.Single()), b => b.Text.StartsWith("1 ", StringComparison.Ordinal));

        log.Press(BotTestBed.Ivan, planMessage, done);
        Assert.Equal("stale", await bed.OutcomeAsync(BotWire.Callback(BotTestBed.Ivan, done, planMessage.TelegramMessageId!.Value)));
        await log.DeliverAsync();

        // 7. The coaching card of the deal behind plan item 2, with its recommendation's buttons: Done on the card.
        var dealId = plan.Top3Priorities[1].TargetId;
        log.User(BotTestBed.Ivan, "/deal " + dealId);
        var (dealShown, dealReplies) = await bed.ExchangeAsync(BotWire.Message(BotTestBed.Ivan, "/deal " + dealId));
        Assert.Equal("handled", dealShown);
        await log.DeliverAsync();
        var dealCard = await DeliveredAsync(dealReplies.Single());
        Assert.Contains("🔍 Проанализировать снова", BotTestBed.Buttons(dealCard).Select(b => b.Text));
        var cardDone = BotTestBed.Data(dealCard, "✅");
        log.Press(BotTestBed.Ivan, dealCard, cardDone);
        Assert.Equal("rec_done", await bed.OutcomeAsync(BotWire.Callback(BotTestBed.Ivan, cardDone, dealCard.TelegramMessageId!.Value)));
        await log.DeliverAsync();
        Assert.Equal(RecommendationStatus.Done, (await bed.App.Get<RecommendationRepository>().GetAsync(plan.Top3Priorities[1].RecommendationId, default))!.Status);
        Assert.Contains("(✅ сделано)", bed.Telegram.CallsOf("editMessageText").Last().Body["text"]!.GetValue<string>(), StringComparison.Ordinal);

        // 8. The plan pushed in the morning carries the same buttons: Not relevant on its item 3, pressed on the pushed message.
        var pushed = (await bed.App.Get<OutboxRepository>().ListAsync(null, "m-ivan", 100, default)).Single(m => m.Kind == OutboxKind.DailyPlan);
        Assert.Equal(OutboxStatus.Sent, pushed.Status);
        Assert.Equal(9, BotTestBed.Buttons(pushed).Count);
        var dismiss = BotTestBed.Data(pushed, "3 ✖");
        log.Press(BotTestBed.Ivan, pushed, dismiss);
        Assert.Equal("rec_dismiss", await bed.OutcomeAsync(BotWire.Callback(BotTestBed.Ivan, dismiss, pushed.TelegramMessageId!.Value)));
        await log.DeliverAsync();
        Assert.Equal(RecommendationStatus.Dismissed, (await bed.App.Get<RecommendationRepository>().GetAsync(plan.Top3Priorities[2].RecommendationId, default))!.Status);
        Assert.Contains("3. ✖ не актуально", bed.Telegram.CallsOf("editMessageText").Last().Body["text"]!.GetValue<string>(), StringComparison.Ordinal);

        // On the wire: every reply went out through the outbox; every press was answered.
        Assert.Equal(7, bed.Telegram.CallsOf("answerCallbackQuery").Count());
        Assert.Equal(7, bed.Telegram.CallsOf("editMessageText").Count());
        Assert.All(bed.Telegram.CallsOf("editMessageText"), c => Assert.Equal("HTML", c.Body["parse_mode"]!.GetValue<string>(), ignoreCase: true));
        output.WriteLine(log.ToString());
        var path = Path.Combine(Path.GetTempPath(), "salescoach-bot-session.txt");
        await File.WriteAllTextAsync(path, log.ToString());
        output.WriteLine("(also written to " + path + ")");
    }
}
