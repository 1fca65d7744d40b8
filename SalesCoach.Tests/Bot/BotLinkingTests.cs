// Owns the tests of who is who: one-time codes (HTTP and /code in the bot), single use, expiry, unlinked users.
using System.Net;
using System.Text.Json.Nodes;
using SalesCoach.Core.Bot;
using SalesCoach.Core.Managers;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Bot;

[Collection(AzuriteCollection.Name)]
public sealed class BotLinkingTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BotTestBed bed = null!;

    public async Task InitializeAsync() => bed = await BotTestBed.StartAsync(azurite);

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task A_code_links_the_user_sets_the_managers_chat_and_opens_the_menu()
    {
        var code = await bed.IssueCodeAsync("m-ivan");
        var (outcome, replies) = await bed.ExchangeAsync(BotWire.Message(BotTestBed.Ivan, "/start " + code.ToLowerInvariant()));

        Assert.Equal("linked", outcome);
        Assert.Contains("Иван Петров", replies[0].Text, StringComparison.Ordinal);
        Assert.Equal(["📋 Лиды", "💰 Продажи", "🤝 Сделки", "🗓 План", "📈 Статистика", "💬 Чаты"], BotTestBed.Buttons(replies[1]).Select(b => b.Text));
        Assert.All(BotTestBed.Buttons(replies[1]), b => Assert.True(b.Data.Length <= 64));
        Assert.Equal(BotTestBed.Ivan, (await bed.App.Get<ManagerRepository>().GetAsync("m-ivan", default))!.TelegramChatId);
        Assert.Equal("m-ivan", (await bed.App.Get<BotLinks>().FindAsync(BotTestBed.Ivan, default))!.ManagerId);
    }

    [Fact]
    public async Task A_code_works_once()
    {
        var code = await bed.IssueCodeAsync("m-ivan");
        Assert.Equal("linked", await bed.OutcomeAsync(BotWire.Message(BotTestBed.Ivan, "/link " + code)));
        var (outcome, replies) = await bed.ExchangeAsync(BotWire.Message(BotTestBed.Stranger, "/start " + code));

        Assert.Equal("link_refused", outcome);
        Assert.Contains("уже использован", replies.Single().Text, StringComparison.Ordinal);
        Assert.Null(await bed.App.Get<BotLinks>().FindAsync(BotTestBed.Stranger, default));
    }

    [Fact]
    public async Task Two_users_racing_for_one_code_link_one()
    {
        var code = await bed.IssueCodeAsync("m-ivan");
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => bed.OutcomeAsync(BotWire.Message(100 + i, "/start " + code))));

        Assert.Single(outcomes, o => o == "linked");
        Assert.Equal(5, outcomes.Count(o => o == "link_refused"));
    }

    [Fact]
    public async Task An_expired_code_is_refused()
    {
        await using var quick = await BotTestBed.StartAsync(azurite, new Dictionary<string, string?> { ["Bot:LinkCodeLifetime"] = "00:00:01" });
        var code = await quick.IssueCodeAsync("m-ivan");
        await Task.Delay(1200);
        var (outcome, replies) = await quick.ExchangeAsync(BotWire.Message(BotTestBed.Ivan, "/start " + code));

        Assert.Equal("link_refused", outcome);
        Assert.Contains("истёк", replies.Single().Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/start ZZZZZZZZ")]
    [InlineData("/start 12")]
    [InlineData("/start <b>x</b>")]
    [InlineData("/link ' or 1 eq 1")]
    public async Task An_unknown_or_malformed_code_is_refused(string text)
    {
        var (outcome, replies) = await bed.ExchangeAsync(BotWire.Message(BotTestBed.Stranger, text));
        Assert.Equal("link_refused", outcome);
        Assert.Contains("Такого кода нет", replies.Single().Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/start", "ru", "Чтобы подключиться")]
    [InlineData("/leads", "uk", "Щоб підключитися")]
    [InlineData("/deal 1001", "en", "To connect")]
    [InlineData("hello", "de", "Чтобы подключиться")]
    public async Task An_unlinked_user_gets_only_the_linking_instructions_in_their_language(string text, string language, string expected)
    {
        var (outcome, replies) = await bed.ExchangeAsync(BotWire.Message(BotTestBed.Stranger, text, languageCode: language));
        Assert.Equal("instructions", outcome);
        var reply = Assert.Single(replies);
        Assert.Contains(expected, reply.Text, StringComparison.Ordinal);
        Assert.Null(reply.ReplyMarkup);
    }

    [Fact]
    public async Task Linking_happens_in_a_private_chat_only()
    {
        var code = await bed.IssueCodeAsync("m-ivan");
        var group = new JsonObject { ["id"] = -100123, ["type"] = "supergroup", ["title"] = "Sales" };
        Assert.Equal("instructions", await bed.OutcomeAsync(BotWire.Message(BotTestBed.Ivan, "/start " + code, chat: group)));
        Assert.Equal("linked", await bed.OutcomeAsync(BotWire.Message(BotTestBed.Ivan, "/start " + code)));
    }

    [Fact]
    public async Task The_link_code_endpoint_refuses_bad_and_unknown_managers()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await bed.App.Client.PostAsync(new Uri("/api/managers/nobody/telegram-link-code", UriKind.Relative), null)).StatusCode);
        var bad = await bed.App.Client.PostAsync(new Uri("/api/managers/-x-/telegram-link-code", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("managerId", (await bed.App.JsonAsync(bad)).GetProperty("field").GetString());
        var created = await bed.App.JsonAsync(await bed.App.Client.PostAsync(new Uri("/api/managers/m-oleg/telegram-link-code", UriKind.Relative), null));
        Assert.Matches("^[A-HJ-NP-Z2-9]{8}$", created.GetProperty("code").GetString());
        var expires = created.GetProperty("expires_at").GetDateTimeOffset();
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task A_team_lead_issues_codes_for_their_team_only_and_a_manager_for_nobody()
    {
        await bed.LinkAsync(BotTestBed.Anna);
        await bed.LinkAsync(BotTestBed.Ivan);
        await bed.LinkAsync(BotTestBed.Boss);

        var (issued, replies) = await bed.ExchangeAsync(BotWire.Message(BotTestBed.Anna, "/code m-oleg"));
        Assert.Equal("code_issued", issued);
        var code = System.Text.RegularExpressions.Regex.Match(replies.Single().Text, "<code>([A-Z2-9]{8})</code>").Groups[1].Value;
        Assert.Equal("refused", await bed.OutcomeAsync(BotWire.Message(BotTestBed.Anna, "/code m-far")));
        Assert.Equal("refused", await bed.OutcomeAsync(BotWire.Message(BotTestBed.Ivan, "/code m-anna")));
        Assert.Equal("refused", await bed.OutcomeAsync(BotWire.Message(BotTestBed.Ivan, "/code m-ivan")));
        Assert.Equal("code_issued", await bed.OutcomeAsync(BotWire.Message(BotTestBed.Boss, "/code m-far")));
        Assert.Equal("bad_input", await bed.OutcomeAsync(BotWire.Message(BotTestBed.Boss, "/code")));

        Assert.Equal("linked", await bed.OutcomeAsync(BotWire.Message(BotTestBed.Oleg, "/start " + code)));
        Assert.Equal("m-oleg", (await bed.App.Get<BotLinks>().FindAsync(BotTestBed.Oleg, default))!.ManagerId);
    }

    [Fact]
    public async Task Linking_from_a_new_account_unlinks_the_old_one()
    {
        await bed.LinkAsync(BotTestBed.Ivan);
        Assert.Equal("linked", await bed.OutcomeAsync(BotWire.Message(555, "/start " + await bed.IssueCodeAsync("m-ivan"))));

        Assert.Null(await bed.App.Get<BotLinks>().FindAsync(BotTestBed.Ivan, default));
        Assert.Equal("instructions", await bed.OutcomeAsync(BotWire.Message(BotTestBed.Ivan, "/leads")));
    }
}
