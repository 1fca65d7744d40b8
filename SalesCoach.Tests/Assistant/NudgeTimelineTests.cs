// Owns the nudge timeline on real storage with a fake clock: across 19:00, nudge 2 at 13:00, "подумаю", other replies, handoff, once only.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SalesCoach.Core.Assistant;
using SalesCoach.Core.Assistant.Conversations;
using SalesCoach.Core.Assistant.Nudges;
using SalesCoach.Core.Assistant.Outgoing;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Assistant;

[Collection(AzuriteCollection.Name)]
public sealed class NudgeTimelineTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Phone = "77001234567";
    private static readonly AssistantOptions Defaults = new();
    // Asia/Almaty is UTC+5 all year.
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 10, 16, 30, 0, TimeSpan.FromHours(5)));
    private ServiceProvider services = null!;
    private int messages;

    public async Task InitializeAsync()
    {
        services = AssistantServicesBuilder.Build(azurite, time);
        await services.StockSampleShopAsync();
    }

    public async Task DisposeAsync() => await services.DisposeAsync();

    private Task<AssistantResult> ClientSays(string text, string phone = Phone) =>
        services.GetRequiredService<AnswerClientMessage>().RunAsync(new IncomingMessage(phone, $"3A{++messages:D6}", text, time.GetUtcNow(), Simulation: false), default);

    private async Task<Conversation> State() => (await services.GetRequiredService<ConversationStore>().GetAsync(Conversation.KeyOf(Phone, false), default)).Conversation!;

    private void At(int day, int hour, int minute = 0) => time.SetUtcNow(new DateTimeOffset(2026, 3, day, hour, minute, 0, TimeSpan.FromHours(5)));

    private Task<SendNudgesResult> Tick() => services.GetRequiredService<SendNudges>().RunAsync(default);

    private async Task<IReadOnlyList<string>> NudgesQueued() =>
        (await services.GetRequiredService<WhatsAppOutbox>().ListForChatAsync(Phone + "@c.us", default)).Where(m => m.Id.StartsWith("nudge-", StringComparison.Ordinal)).Select(m => m.Text!).ToList();

    [Fact]
    public async Task A_reply_at_16_30_is_nudged_at_09_00_next_morning_then_at_13_00_the_day_after_and_never_again()
    {
        await ClientSays("Хочу заказать лоферы Милан"); // answered at 16:30: +3 h is 19:30, after the window
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 9, 0, 0, TimeSpan.FromHours(5)), (await State()).NudgeDueAt);

        At(10, 19, 30);
        Assert.Equal(0, (await Tick()).Queued);
        At(11, 8, 59);
        Assert.Equal(0, (await Tick()).Queued);
        At(11, 9, 0);
        Assert.Equal(1, (await Tick()).Queued);
        Assert.Equal(0, (await Tick()).Queued); // the same minute again: sent once
        Assert.Equal([Defaults.NudgeFirstText], await NudgesQueued());
        Assert.Equal(new DateTimeOffset(2026, 3, 12, 13, 0, 0, TimeSpan.FromHours(5)), (await State()).NudgeDueAt);

        At(12, 13, 0);
        Assert.Equal(1, (await Tick()).Queued);
        Assert.Equal([Defaults.NudgeFirstText, Defaults.NudgeSecondText], await NudgesQueued());
        Assert.Null((await State()).NudgeDueAt);
        At(20, 13, 0);
        Assert.Equal(0, (await Tick()).Queued);
    }

    [Fact]
    public async Task Think_it_over_after_nudge_one_keeps_nudge_two()
    {
        await ClientSays("Хочу заказать лоферы Милан");
        At(11, 9, 0);
        await Tick();
        At(11, 10, 0);
        await ClientSays("Я подумаю");
        Assert.Equal(new DateTimeOffset(2026, 3, 12, 13, 0, 0, TimeSpan.FromHours(5)), (await State()).NudgeDueAt);
        At(12, 13, 0);
        await Tick();
        Assert.Equal([Defaults.NudgeFirstText, Defaults.NudgeSecondText], await NudgesQueued());
    }

    [Fact]
    public async Task Any_other_reply_cancels_nudge_two_and_the_count_starts_over_from_the_assistant_s_answer()
    {
        await ClientSays("Хочу заказать лоферы Милан");
        At(11, 9, 0);
        await Tick();
        At(11, 10, 0);
        await ClientSays("черные");
        var state = await State();
        Assert.Equal((0, new DateTimeOffset(2026, 3, 11, 13, 0, 0, TimeSpan.FromHours(5))), (state.NudgesSent, state.NudgeDueAt));
        At(11, 13, 0);
        await Tick();
        Assert.Equal([Defaults.NudgeFirstText, Defaults.NudgeFirstText], await NudgesQueued());
    }

    [Fact]
    public async Task Handoff_stops_the_nudges()
    {
        await ClientSays("Хочу заказать лоферы Милан");
        var command = await ClientSays("/handoff on +7 700 123 45 67", AssistantServicesBuilder.ManagerPhone);
        Assert.Contains("включена", command.Replies.Single().Text);
        Assert.True((await State()).Handoff);
        At(11, 9, 0);
        Assert.Equal(0, (await Tick()).Queued);
        Assert.Empty(await NudgesQueued());
    }

    [Fact]
    public async Task A_placed_order_is_not_nudged()
    {
        At(11, 10, 0);
        foreach (var text in new[] { "Хочу заказать кроссовки Соло 38", "Алматы", "ул. Абая 10, кв 5", "да" })
        {
            await ClientSays(text);
        }
        var state = await State();
        Assert.Equal((ConversationStage.Ordered, (DateTimeOffset?)null), (state.Stage, state.NudgeDueAt));
        At(11, 18, 0);
        Assert.Equal(0, (await Tick()).Queued);
    }
}
