// Owns the authorization tests of every command and button: own things for a manager, the team for a team lead, all for an admin; nobody presses another's button.
using SalesCoach.Core.Agent;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Sales;
using SalesCoach.Tests.Infrastructure;
using static SalesCoach.Tests.Bot.BotTestBed;

namespace SalesCoach.Tests.Bot;

[Collection(AzuriteCollection.Name)]
public sealed class BotAuthorizationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BotTestBed bed = null!;
    private Lead ivanLead = null!;
    private Lead farLead = null!;

    public async Task InitializeAsync()
    {
        bed = await StartAsync(azurite);
        foreach (var user in new[] { Ivan, Anna, Oleg, Far, Boss })
        {
            await bed.LinkAsync(user);
        }
        var create = bed.App.Get<CreateLead>();
        ivanLead = await create.RunAsync(new NewLead(LeadSource.Partner, "logistics", new LeadContact("Ivan's client", null, null), "m-ivan"), default);
        await create.RunAsync(new NewLead(LeadSource.Partner, "retail", new LeadContact("Oleg's client", null, null), "m-oleg"), default);
        farLead = await create.RunAsync(new NewLead(LeadSource.Manual, "retail", new LeadContact("Far's client", null, null), "m-far"), default);
        var sold = await create.RunAsync(new NewLead(LeadSource.Partner, "retail", new LeadContact("Sold", null, null), "m-ivan"), default);
        var now = DateTimeOffset.UtcNow;
        await bed.App.Get<PipelineRepository>().MutateLeadAsync(sold.Id, l => new LeadChange(l with { Stage = LeadStage.Transferred },
            [new StageTransition("lead", "qualified", "transferred", false, "test", null, now)],
            new Sale { Id = l.Id, LeadId = l.Id, Stage = SaleStage.New, Amount = 50_000m, OwnerManagerId = "m-ivan", CreatedAt = now, UpdatedAt = now, StageChangedAt = now }), default);
        await bed.App.Get<RecommendationRepository>().AddAsync(new Recommendation
        {
            Id = "rec-ivan-1001", ManagerId = "m-ivan", Type = "re_engage", TargetKind = TargetKind.Deal, TargetId = "1001", TargetName = "Поставка", Title = "Позвонить клиенту",
            Reasoning = "давно без контакта", Urgency = RecommendationUrgency.High, Source = "rules", CreatedAt = now, ExpiresAt = now.AddDays(3),
        }, default);
    }

    public async Task DisposeAsync() => await bed.DisposeAsync();

    private async Task<(string Outcome, OutboxMessage? Reply)> AskAsync(long user, string text)
    {
        var (outcome, replies) = await bed.ExchangeAsync(BotWire.Message(user, text));
        return (outcome, replies.LastOrDefault());
    }

    private async Task<IReadOnlyList<string>> LabelsAsync(long user, string command) =>
        Buttons((await AskAsync(user, command)).Reply!).Select(b => b.Text).ToList();

    [Fact]
    public async Task Lists_show_own_items_to_a_manager_the_team_to_a_lead_and_everything_to_an_admin()
    {
        Assert.Equal(["Ivan's client"], (await LabelsAsync(Ivan, "/leads")).Select(l => l.Split(' ', 2)[1].Split(" · ")[0]));
        var team = await LabelsAsync(Anna, "/leads");
        Assert.Contains(team, l => l.Contains("Ivan's client", StringComparison.Ordinal));
        Assert.Contains(team, l => l.Contains("Oleg's client", StringComparison.Ordinal));
        Assert.DoesNotContain(team, l => l.Contains("Far's", StringComparison.Ordinal));
        Assert.Equal(3, (await LabelsAsync(Boss, "/leads")).Count);
        Assert.Equal(["#" + farLead.Id + " Far's client · new"], await LabelsAsync(Far, "/leads"));

        Assert.Single(await LabelsAsync(Ivan, "/sales"));
        Assert.Single(await LabelsAsync(Anna, "/sales"));
        Assert.Empty(await LabelsAsync(Far, "/sales"));
        Assert.Empty(await LabelsAsync(Oleg, "/sales"));

        var ivanDeals = await LabelsAsync(Ivan, "/deals");
        Assert.Equal(3, ivanDeals.Count);
        Assert.All(ivanDeals, d => Assert.Contains("RUB", d, StringComparison.Ordinal));
        Assert.Equal(5, (await LabelsAsync(Anna, "/deals")).Count - 1); // five open demo deals, and the "next page" button
        Assert.Empty(await LabelsAsync(Far, "/deals"));
    }

    [Theory]
    [InlineData(Ivan, "1001", "handled")]
    [InlineData(Ivan, "2001", "refused")]
    [InlineData(Oleg, "1001", "refused")]
    [InlineData(Far, "1001", "refused")]
    [InlineData(Anna, "1001", "handled")]
    [InlineData(Anna, "3001", "handled")]
    [InlineData(Boss, "3001", "handled")]
    [InlineData(Ivan, "9999", "not_found")]
    [InlineData(Ivan, "../1001", "bad_input")]
    [InlineData(Ivan, "", "bad_input")]
    public async Task The_deal_card_is_shown_only_to_those_who_may_see_the_deal(long user, string deal, string expected)
    {
        var (outcome, reply) = await AskAsync(user, "/deal " + deal);
        Assert.Equal(expected, outcome);
        if (expected == "refused")
        {
            Assert.DoesNotContain("АНАЛИЗ", reply!.Text, StringComparison.Ordinal);
            Assert.Null(reply.ReplyMarkup);
        }
    }

    [Fact]
    public async Task Stats_and_waiting_chats_count_only_the_viewers_chats()
    {
        Assert.Contains("Чатов: 2", (await AskAsync(Ivan, "/stats")).Reply!.Text, StringComparison.Ordinal);
        Assert.Contains("Чатов: 4", (await AskAsync(Anna, "/stats")).Reply!.Text, StringComparison.Ordinal);
        Assert.Contains("Nothing here yet", (await AskAsync(Far, "/stats")).Reply!.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Воронка", (await AskAsync(Anna, "/stats")).Reply!.Text, StringComparison.Ordinal);
        var admin = (await AskAsync(Boss, "/stats")).Reply!.Text;
        Assert.Contains("Pipeline: 4 leads, 1 sales", admin, StringComparison.Ordinal);
        Assert.Contains("Chats: 4", admin, StringComparison.Ordinal);

        var ivanWaiting = (await AskAsync(Ivan, "/chats")).Reply!.Text;
        var teamWaiting = (await AskAsync(Anna, "/chats")).Reply!.Text;
        Assert.Contains("Меридиан", ivanWaiting, StringComparison.Ordinal);
        Assert.DoesNotContain("Nova", ivanWaiting, StringComparison.Ordinal);
        Assert.DoesNotContain("Ольга", ivanWaiting, StringComparison.Ordinal);
        // The team lead sees the team's waiting chats, the longest-waiting first (Nova & Co wrote at 12:30, Меридиан at 13:30).
        Assert.InRange(teamWaiting.IndexOf("Nova &amp; Co", StringComparison.Ordinal), 0, teamWaiting.IndexOf("Меридиан", StringComparison.Ordinal) - 1);
        Assert.DoesNotContain("Ерлан", teamWaiting, StringComparison.Ordinal);
        Assert.Contains("Every client has an answer", (await AskAsync(Far, "/chats")).Reply!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plan_is_the_viewers_own()
    {
        Assert.Contains("плана ещё нет", (await AskAsync(Ivan, "/plan")).Reply!.Text, StringComparison.Ordinal);
        Assert.Contains("no plan for today", (await AskAsync(Boss, "/plan")).Reply!.Text, StringComparison.Ordinal);
    }

    /// <summary>Every kind of button Ivan was shown, pressed by others: refused politely, nothing changes.</summary>
    [Fact]
    public async Task Nobody_else_can_press_a_managers_buttons()
    {
        var leadCard = (await AskAsync(Ivan, $"/leads")).Reply!;
        var open = Data(leadCard, "Ivan's client");
        var (_, cards) = await bed.ExchangeAsync(BotWire.Callback(Ivan, open));
        var card = cards.Single();
        var saleList = (await AskAsync(Ivan, "/sales")).Reply!;
        var (_, saleCards) = await bed.ExchangeAsync(BotWire.Callback(Ivan, Buttons(saleList).Single().Data));
        var dealCard = (await AskAsync(Ivan, "/deal 1001")).Reply!;
        var menu = (await AskAsync(Ivan, "/start")).Reply!;
        var pressed = new[]
        {
            open, Data(card, "в контакте"), Data(card, "Анализ"), Data(saleCards.Single(), "KYC"), Data(dealCard, "снова"),
            Data(dealCard, "✅"), Data(dealCard, "💤"), Data(dealCard, "✖"), Data(menu, "Лиды"),
        };

        foreach (var user in new[] { Far, Oleg, Anna, Boss })
        {
            foreach (var data in pressed)
            {
                var (outcome, replies) = await bed.ExchangeAsync(BotWire.Callback(user, data, chatId: Ivan));
                Assert.Equal("refused", outcome);
                Assert.Empty(replies);
            }
        }
        var answers = bed.Telegram.CallsOf("answerCallbackQuery").Where(c => c.Body["show_alert"]?.GetValue<bool>() == true).ToList();
        Assert.Equal(4 * pressed.Length, answers.Count);
        Assert.Contains(answers, a => a.Body["text"]!.GetValue<string>().Contains("not for you", StringComparison.Ordinal));
        Assert.Equal(LeadStage.New, (await bed.App.Get<PipelineRepository>().GetLeadAsync(ivanLead.Id, default))!.Stage);
        Assert.Equal(SaleStage.New, (await bed.App.Get<PipelineRepository>().ListSalesAsync(null, 10, null, default)).Items.Single().Stage);
        Assert.Equal(RecommendationStatus.Open, (await bed.App.Get<RecommendationRepository>().GetAsync("rec-ivan-1001", default))!.Status);
    }

    [Theory]
    [InlineData("b:AAAAAAAAAAAA")]
    [InlineData("leads:1")]
    [InlineData("b:")]
    [InlineData("")]
    [InlineData("b:AAAAAAAAAAA!")]
    [InlineData("lead_stage:1:contacted")]
    public async Task Forged_or_foreign_callback_data_is_refused(string data)
    {
        var (outcome, replies) = await bed.ExchangeAsync(BotWire.Callback(Ivan, data));
        Assert.Equal("refused", outcome);
        Assert.Empty(replies);
        Assert.Equal(LeadStage.New, (await bed.App.Get<PipelineRepository>().GetLeadAsync(ivanLead.Id, default))!.Stage);
    }

    [Fact]
    public async Task An_unlinked_user_pressing_a_button_is_asked_to_link_first()
    {
        var menu = (await AskAsync(Ivan, "/start")).Reply!;
        Assert.Equal("unlinked", (await bed.ExchangeAsync(BotWire.Callback(Stranger, Data(menu, "Лиды")))).Outcome);
    }

    [Fact]
    public async Task A_team_lead_acts_on_the_teams_items_from_their_own_screens_but_not_on_another_teams()
    {
        var list = (await AskAsync(Anna, "/leads")).Reply!;
        var (_, cards) = await bed.ExchangeAsync(BotWire.Callback(Anna, Data(list, "Ivan's client")));
        Assert.Equal("stage_changed", (await bed.ExchangeAsync(BotWire.Callback(Anna, Data(cards.Single(), "в контакте")))).Outcome);
        Assert.Equal(LeadStage.Contacted, (await bed.App.Get<PipelineRepository>().GetLeadAsync(ivanLead.Id, default))!.Stage);
        Assert.Contains(await bed.App.Get<PipelineRepository>().HistoryAsync(ivanLead.Id, default), h => h.ChangedBy == "telegram:m-anna");

        var deal = (await AskAsync(Anna, "/deal 1001")).Reply!;
        Assert.Equal("rec_dismiss", (await bed.ExchangeAsync(BotWire.Callback(Anna, Data(deal, "✖")))).Outcome);
        Assert.Equal(RecommendationStatus.Dismissed, (await bed.App.Get<RecommendationRepository>().GetAsync("rec-ivan-1001", default))!.Status);

        var farCard = (await AskAsync(Far, "/leads")).Reply!;
        Assert.Equal("refused", (await bed.ExchangeAsync(BotWire.Callback(Anna, Data(farCard, "Far's"), chatId: Far))).Outcome);
    }
}
