using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Fakes;

namespace SalesCoach.Tests.Messaging;

public sealed class GreenApiClientTests : IAsyncLifetime
{
    private FakeGreenApiServer green = null!;

    public async Task InitializeAsync() => green = await FakeGreenApiServer.StartNewAsync();

    public async Task DisposeAsync() => await green.DisposeAsync();

    private GreenApiClient Client(string token = FakeGreenApiServer.Token) => new(
        new GreenApiSendOptions { ApiUrl = green.BaseAddress.ToString(), IdInstance = FakeGreenApiServer.IdInstance, ApiTokenInstance = token },
        new OutboundJsonHttp("greenapi", new HttpClient(), 5, TimeSpan.FromSeconds(5), 3, TimeSpan.FromMilliseconds(20), TimeProvider.System));

    [Fact]
    public async Task Sends_the_message_to_the_chat_and_returns_its_id()
    {
        var id = await Client().SendMessageAsync("77001234567@c.us", "Добрый день! Напоминаю о нашем предложении.", default);
        Assert.StartsWith("BAE5", id, StringComparison.Ordinal);
        var sent = Assert.Single(green.Requests);
        Assert.Equal(("77001234567@c.us", 200), (sent.ChatId, sent.Status));
    }

    [Fact]
    public async Task Rate_limit_and_server_errors_are_retried()
    {
        green.Fail(429);
        green.Fail(500);
        await Client().SendMessageAsync("77001234567@c.us", "x", default);
        Assert.Equal([429, 500, 200], green.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task A_wrong_token_fails_without_retrying()
    {
        var error = await Assert.ThrowsAsync<OutboundHttpException>(() => Client("wrong").SendMessageAsync("77001234567@c.us", "x", default));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.Status);
        Assert.Single(green.Requests);
    }

    [Theory]
    [InlineData("+7 700 123", "hi", "chatId")]
    [InlineData("77001234567@c.us", "", "message")]
    public async Task Bad_arguments_are_refused_before_any_call(string chatId, string message, string field)
    {
        var error = await Assert.ThrowsAsync<InputValidationException>(() => Client().SendMessageAsync(chatId, message, default));
        Assert.Equal(field, error.Field);
        Assert.Empty(green.Requests);
    }
}
