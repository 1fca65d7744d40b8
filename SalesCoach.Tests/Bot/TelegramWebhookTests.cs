// Owns the tests of POST /api/telegram/webhook: the secret before anything, every class of bad body, kinds the bot does not use, redeliveries.
using System.Net;
using System.Text.Json.Nodes;
using SalesCoach.Core.Bot;
using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Bot;

[Collection(AzuriteCollection.Name)]
public sealed class TelegramWebhookTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BotTestBed bed = null!;

    public async Task InitializeAsync() => bed = await BotTestBed.StartAsync(azurite);

    public async Task DisposeAsync() => await bed.DisposeAsync();

    private async Task<IReadOnlyList<OutboxMessage>> BotRepliesAsync() =>
        (await bed.App.Get<OutboxRepository>().ListAsync(null, null, 1000, default)).Where(m => m.Kind == OutboxKind.BotReply).ToList();

    private async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("field").GetString());
        Assert.Empty(await BotRepliesAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong")]
    [InlineData(BotWire.Secret + "x")]
    [InlineData("LOOPBACK-WEBHOOK-SECRET_42")]
    public async Task A_delivery_without_the_secret_is_401_whatever_it_carries(string? secret)
    {
        var valid = BotWire.Message(BotTestBed.Stranger, "/start");
        await AssertProblemAsync(await BotWire.PostAsync(bed.App.Client, valid.ToJsonString(), secret), HttpStatusCode.Unauthorized, "Authorization");
        await AssertProblemAsync(await BotWire.PostAsync(bed.App.Client, "{not json", secret), HttpStatusCode.Unauthorized, "Authorization");
    }

    [Fact]
    public async Task Without_a_configured_secret_every_delivery_is_refused()
    {
        await using var open = await BotTestBed.StartAsync(azurite, new Dictionary<string, string?> { ["Bot:WebhookSecret"] = "" });
        var response = await BotWire.PostAsync(open.App.Client, BotWire.Message(BotTestBed.Stranger, "/start").ToJsonString(), "");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bot:WebhookSecret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "$")]
    [InlineData("{not json", "$")]
    [InlineData("[1,2]", "$")]
    [InlineData("null", "$")]
    [InlineData("\"update\"", "$")]
    [InlineData("{}", "update_id")]
    [InlineData("{\"update_id\":\"12\"}", "update_id")]
    [InlineData("{\"update_id\":-5}", "update_id")]
    [InlineData("{\"update_id\":1.5}", "update_id")]
    [InlineData("{\"update_id\":99999999999}", "update_id")]
    [InlineData("{\"update_id\":12,\"message\":\"hello\"}", "$.message")]
    [InlineData("{\"update_id\":12,\"message\":{\"message_id\":\"x\",\"date\":1,\"chat\":{\"id\":1,\"type\":\"private\"}}}", "$.message.message_id")]
    [InlineData("{\"update_id\":12,\"callback_query\":{\"id\":5}}", "$.callback_query.id")]
    public async Task A_malformed_update_is_400_naming_the_field_and_changes_nothing(string body, string field)
    {
        await AssertProblemAsync(await BotWire.PostAsync(bed.App.Client, body), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task An_oversized_body_is_413()
    {
        var huge = BotWire.Message(BotTestBed.Stranger, new string('a', TelegramUpdates.MaxBytes + 10));
        await AssertProblemAsync(await BotWire.PostAsync(bed.App.Client, huge.ToJsonString()), HttpStatusCode.RequestEntityTooLarge, "$");
    }

    [Fact]
    public async Task Update_kinds_the_bot_does_not_use_are_acknowledged_and_ignored()
    {
        await bed.LinkAsync(BotTestBed.Ivan);
        var before = (await BotRepliesAsync()).Count;
        var edited = await bed.SendAsync(BotWire.EditedMessage(BotTestBed.Ivan, "/leads"));
        var blocked = await bed.SendAsync(BotWire.MyChatMember(BotTestBed.Ivan));
        var poll = await bed.SendAsync(new JsonObject
        {
            ["update_id"] = BotWire.NewUpdateId(),
            ["poll"] = new JsonObject { ["id"] = "p1", ["question"] = "?", ["options"] = new JsonArray(), ["total_voter_count"] = 0, ["is_closed"] = false, ["is_anonymous"] = true, ["type"] = "regular", ["allows_multiple_answers"] = false },
        });
        var future = await bed.SendAsync(new JsonObject { ["update_id"] = BotWire.NewUpdateId(), ["some_kind_added_later"] = new JsonObject { ["x"] = 1 } });

        Assert.Equal(("edited_message", "ignored"), (edited.GetProperty("kind").GetString(), edited.GetProperty("outcome").GetString()));
        Assert.Equal(("my_chat_member", "ignored"), (blocked.GetProperty("kind").GetString(), blocked.GetProperty("outcome").GetString()));
        Assert.Equal(("poll", "ignored"), (poll.GetProperty("kind").GetString(), poll.GetProperty("outcome").GetString()));
        Assert.Equal("ignored", future.GetProperty("outcome").GetString());
        Assert.Equal(before, (await BotRepliesAsync()).Count);
    }

    [Fact]
    public async Task A_redelivered_update_is_handled_once()
    {
        var update = BotWire.Message(BotTestBed.Stranger, "/start");
        var first = await bed.SendAsync(update);
        var again = await bed.SendAsync(update);

        Assert.Equal("instructions", first.GetProperty("outcome").GetString());
        Assert.Equal("duplicate", again.GetProperty("outcome").GetString());
        var reply = Assert.Single(await bed.RepliesAsync(update["update_id"]!.GetValue<int>()));
        Assert.Contains("/start", reply.Text, StringComparison.Ordinal);
        Assert.Single(await BotRepliesAsync());
    }

    [Fact]
    public async Task Concurrent_redeliveries_act_once()
    {
        await bed.LinkAsync(BotTestBed.Ivan);
        var update = BotWire.Message(BotTestBed.Ivan, "/leads");
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => bed.OutcomeAsync(update)));

        Assert.Single(outcomes, o => o == "handled");
        Assert.All(outcomes.Where(o => o != "handled"), o => Assert.Contains(o, new[] { "duplicate", "in_progress" }));
        Assert.Single(await bed.RepliesAsync(update["update_id"]!.GetValue<int>()));
    }
}
