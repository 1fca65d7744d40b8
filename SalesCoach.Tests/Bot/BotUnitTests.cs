// Owns the unit tests of the bot's pure parts: command parsing, code and token formats, the flood window, every text in every language.
using Microsoft.Extensions.Time.Testing;
using SalesCoach.Core.Bot;
using SalesCoach.Core.Platform;

namespace SalesCoach.Tests.Bot;

public sealed class BotUnitTests
{
    [Theory]
    [InlineData("/start", "start", "")]
    [InlineData("/start ABCD2345", "start", "ABCD2345")]
    [InlineData("/Leads@SalesCoachBot 2", "leads", "2")]
    [InlineData("  /deal   1001  ", "deal", "1001")]
    [InlineData("/deal\n1001", "deal", "1001")]
    [InlineData("hello /start", null, "hello /start")]
    [InlineData("/", "", "")]
    public void Commands_are_read_as_Telegram_clients_send_them(string text, string? command, string argument) =>
        Assert.Equal((command, argument), HandleTelegramUpdate.ParseCommand(text));

    [Theory]
    [InlineData("abcd2345", "ABCD2345")]
    [InlineData("ABCD-2345", "ABCD2345")]
    [InlineData(" AB CD 23 45 ", "ABCD2345")]
    [InlineData("ABCD234", null)]
    [InlineData("ABCD23450", null)]
    [InlineData("ABCD0345", null)]
    [InlineData("ABCDI345", null)]
    [InlineData("АВСD2345", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Link_codes_are_normalized_or_rejected(string? typed, string? expected) => Assert.Equal(expected, LinkCodes.Normalize(typed));

    [Fact]
    public void Button_tokens_fit_telegrams_limit_and_only_ours_are_read()
    {
        var token = BotButtons.NewToken();
        var data = BotButton.Prefix + token;
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(data) <= 64);
        Assert.Equal(token, BotButtons.TokenOf(data));
        Assert.Null(BotButtons.TokenOf("x:" + token));
        Assert.Null(BotButtons.TokenOf(data + "A"));
        Assert.Null(BotButtons.TokenOf("b:" + token[..11] + "/"));
        Assert.Null(BotButtons.TokenOf(null));
        Assert.NotEqual(BotButtons.NewToken(), BotButtons.NewToken());
    }

    [Fact]
    public void The_flood_window_slides_and_warns_once_per_flood()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var gate = new FloodGate(new BotOptions { FloodLimit = 2, FloodWindow = TimeSpan.FromSeconds(10) }, time);
        Assert.Equal([FloodVerdict.Allowed, FloodVerdict.Allowed, FloodVerdict.FirstRefusal, FloodVerdict.Refused], Enumerable.Range(0, 4).Select(_ => gate.Check(1)));
        Assert.Equal(FloodVerdict.Allowed, gate.Check(2));
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal([FloodVerdict.Allowed, FloodVerdict.Allowed, FloodVerdict.FirstRefusal], Enumerable.Range(0, 3).Select(_ => gate.Check(1)));
    }

    [Fact]
    public void Every_text_exists_in_each_language_and_differs_where_it_should()
    {
        var texts = Languages.Supported.Select(l => new BotTexts(l)).ToList();
        var properties = typeof(BotTexts).GetProperties().Where(p => p.PropertyType == typeof(string) && p.Name != nameof(BotTexts.Language)).ToList();
        Assert.True(properties.Count > 30);
        foreach (var property in properties)
        {
            var values = texts.Select(t => (string)property.GetValue(t)!).ToList();
            Assert.All(values, v => Assert.False(string.IsNullOrWhiteSpace(v), property.Name));
        }
        Assert.Equal(3, texts.Select(t => t.LinkInstructions).Distinct().Count());
        Assert.Equal("ru", new BotTexts("de").Language);
    }

    [Theory]
    [InlineData("bad secret!")]
    [InlineData("тайна")]
    public void A_secret_telegram_would_refuse_is_refused_at_start(string secret) =>
        Assert.Throws<InvalidOperationException>(() => new BotOptions { WebhookSecret = secret }.Validate());

    [Fact]
    public void Update_parsing_names_the_field()
    {
        Assert.Equal("update_id", Assert.Throws<InputValidationException>(() => TelegramUpdates.Parse("{\"message\":{}}"u8)).Field);
        Assert.Equal("$", Assert.Throws<InputValidationException>(() => TelegramUpdates.Parse("\"\\ud800\""u8)).Field);
        var update = TelegramUpdates.Parse("{\"update_id\":5,\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":7,\"type\":\"private\"},\"text\":\"/start\"}}"u8);
        Assert.Equal((5, "/start", 7L), (update.Id, update.Message!.Text, update.Message.Chat.Id));
    }
}
