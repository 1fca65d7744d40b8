// Owns the tests of GREEN-API sendMessage against the loopback GREEN-API: success, retries, 466 quota, bad arguments.
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Fakes;

namespace SalesCoach.Tests.Messaging;

public sealed class GreenApiClientTests : IAsyncLifetime
{
    private FakeGreenApiServer green = null!;

    public async Task InitializeAsync() => green = await FakeGreenApiServer.StartNewAsync();

    public async Task DisposeAsync() => await green.DisposeAsync();

    private GreenApiSendOptions Options(string token = FakeGreenApiServer.Token) =>
        new() { ApiUrl = green.BaseAddress.ToString(), IdInstance = FakeGreenApiServer.IdInstance, ApiTokenInstance = token };

    /// <summary>The client as registered: its HttpClient carries <see cref="GreenApiQuotaHandler"/>.</summary>
    private GreenApiClient Client(string token = FakeGreenApiServer.Token) => new(Options(token),
        new OutboundJsonHttp("greenapi", new HttpClient(new GreenApiQuotaHandler { InnerHandler = new SocketsHttpHandler() }), 50, TimeSpan.FromSeconds(5), 3, TimeSpan.FromMilliseconds(20), TimeProvider.System));

    [Fact]
    public async Task Sends_the_message_to_the_chat_and_returns_its_id()
    {
        var id = await Client().SendMessageAsync("79161234567@c.us", "Добрый день! Напоминаю о нашем предложении.", default);
        Assert.Matches("^BAE5[0-9A-F]{12}$", id);
        var sent = Assert.Single(green.Requests);
        Assert.Equal(new FakeGreenApiServer.Sent("79161234567@c.us", "Добрый день! Напоминаю о нашем предложении.", 200), sent);
    }

    [Fact]
    public void The_fake_answers_in_the_shape_of_the_documented_sendMessage_response()
    {
        using var documented = JsonDocument.Parse(FakeGreenApiServer.Fixture("sendMessage-response.json"));
        Assert.Equal(["idMessage"], documented.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("120363298765432101@g.us")]
    [InlineData("79031234567-1603285611@g.us")]
    public async Task Sends_to_new_and_legacy_group_ids(string chatId)
    {
        await Client().SendMessageAsync(chatId, "Коллеги, счёт выставлен.", default);
        Assert.Equal(chatId, Assert.Single(green.Requests).ChatId);
    }

    [Fact]
    public async Task Rate_limit_without_a_body_and_server_errors_are_retried()
    {
        green.Fail(429);
        green.Fail(500);
        green.Fail(503);
        await Client().SendMessageAsync("79161234567@c.us", "x", default);
        Assert.Equal([429, 500, 503, 200], green.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task A_server_error_that_persists_fails_after_the_retries()
    {
        green.Fail(502, times: 10);
        var error = await Assert.ThrowsAsync<OutboundHttpException>(() => Client().SendMessageAsync("79161234567@c.us", "x", default));
        Assert.Equal(HttpStatusCode.BadGateway, error.Status);
        Assert.Equal(4, green.Requests.Count);
    }

    [Fact]
    public async Task An_exhausted_correspondents_quota_is_not_retried_and_says_which_quota()
    {
        green.ExhaustQuota("error-466.json");
        var error = await Assert.ThrowsAsync<GreenApiQuotaExceededException>(() => Client().SendMessageAsync("79161234567@c.us", "x", default));
        Assert.Equal(("correspondents", 3L, 3L, "CORRESPONDENTS_QUOTE_EXCEEDED"), (error.Method, error.Used, error.Total, error.QuotaStatus));
        Assert.StartsWith("Monthly quota has been exceeded.", error.Description, StringComparison.Ordinal);
        Assert.Contains("466", error.Message, StringComparison.Ordinal);
        Assert.Contains("correspondents: 3 of 3", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("79161234567", error.Message, StringComparison.Ordinal);
        Assert.Equal([466], green.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task An_exhausted_method_quota_is_not_retried_and_says_which_method()
    {
        green.ExhaustQuota("error-466-method-quota.json");
        var error = await Assert.ThrowsAsync<GreenApiQuotaExceededException>(() => Client().SendMessageAsync("79161234567@c.us", "x", default));
        Assert.Equal(("checkwhatsapp", 100L, 100L, "QUOTE_EXCEEDED"), (error.Method, error.Used, error.Total, error.QuotaStatus));
        Assert.Single(green.Requests);
    }

    [Fact]
    public async Task Quota_errors_do_not_open_the_circuit_breaker()
    {
        var client = Client();
        for (var i = 0; i < 6; i++)
        {
            green.ExhaustQuota();
            await Assert.ThrowsAsync<GreenApiQuotaExceededException>(() => client.SendMessageAsync("79161234567@c.us", "x", default));
        }
        await client.SendMessageAsync("79161234567@c.us", "x", default);
        Assert.Equal(200, green.Requests.Last().Status);
    }

    [Fact]
    public async Task The_registered_client_reports_an_exhausted_quota_with_its_details()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GreenApi:ApiUrl"] = green.BaseAddress.ToString(),
            ["GreenApi:IdInstance"] = FakeGreenApiServer.IdInstance,
            ["GreenApi:ApiTokenInstance"] = FakeGreenApiServer.Token,
            ["GreenApi:RetryBaseDelay"] = "00:00:00.020",
        }).Build();
        await using var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddMessaging(configuration).BuildServiceProvider();
        green.ExhaustQuota();
        var error = await Assert.ThrowsAsync<GreenApiQuotaExceededException>(() => services.GetRequiredService<GreenApiClient>().SendMessageAsync("79161234567@c.us", "x", default));
        Assert.Equal("correspondents", error.Method);
        Assert.Single(green.Requests);
    }

    [Fact]
    public void A_466_body_that_is_not_the_documented_shape_still_gives_the_quota_error()
    {
        var error = GreenApiQuotaExceededException.FromBody("<html>quota</html>");
        Assert.Null(error.Method);
        Assert.Contains("466", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_token_fails_without_retrying()
    {
        var error = await Assert.ThrowsAsync<OutboundHttpException>(() => Client("wrong").SendMessageAsync("79161234567@c.us", "x", default));
        Assert.Equal(HttpStatusCode.Unauthorized, error.Status);
        Assert.Single(green.Requests);
    }

    [Theory]
    [InlineData("+7 700 123", "hi", "chatId")]
    [InlineData("79161234567@c.us.evil", "hi", "chatId")]
    [InlineData("79031234567-16@g.us", "hi", "chatId")]
    [InlineData("79161234567@c.us", "", "message")]
    [InlineData("79161234567@c.us", "   ", "message")]
    public async Task Bad_arguments_are_refused_before_any_call(string chatId, string message, string field)
    {
        var error = await Assert.ThrowsAsync<InputValidationException>(() => Client().SendMessageAsync(chatId, message, default));
        Assert.Equal(field, error.Field);
        Assert.Empty(green.Requests);
    }

    [Fact]
    public async Task A_message_over_the_documented_20000_characters_is_refused_before_any_call()
    {
        var error = await Assert.ThrowsAsync<InputValidationException>(() => Client().SendMessageAsync("79161234567@c.us", new string('x', 20_001), default));
        Assert.Equal("message", error.Field);
        Assert.Empty(green.Requests);
    }
}
