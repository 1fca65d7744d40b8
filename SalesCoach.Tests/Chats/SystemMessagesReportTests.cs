using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Chats;

/// <summary>System messages are stored as such, and the chat report leaves them out, on a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SystemMessagesReportTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static ChatMessage Message(string id, string chat, int minute, Direction direction, bool system, string text, string? manager = null) =>
        new() { Id = id, ChatId = chat, Direction = direction, SentAt = Noon.AddMinutes(minute), Text = text, ManagerId = manager, Source = "retailcrm", IsSystem = system };

    [Fact]
    public async Task The_system_flag_survives_a_round_trip_through_the_store()
    {
        var chats = new ChatRepository(azurite.NewAccount(out _));
        await chats.UpsertMessagesAsync([Message("m1", "c1", 0, Direction.Outbound, true, "dialog_opened"), Message("m2", "c1", 1, Direction.Inbound, false, "Добрый день")], default);

        var stored = await chats.ListMessagesAsync("c1", default);

        Assert.Equal([true, false], stored.Select(m => m.IsSystem));
    }

    [Fact]
    public async Task The_chat_report_leaves_system_messages_and_bot_only_chats_out()
    {
        var storage = azurite.NewAccount(out _);
        var chats = new ChatRepository(storage);
        var managers = new ManagerRepository(storage);
        await managers.UpsertAsync(new Manager { Id = "m1", Name = "Анна", TimeZone = "Europe/Moscow", Team = "t" }, default);
        foreach (var id in new[] { "c1", "c2" })
        {
            await chats.MergeAsync(new Chat { Id = id, Channel = Channel.Whatsapp, ManagerId = "m1", CreatedAt = Noon, UpdatedAt = Noon.AddMinutes(30) }, default);
        }
        await chats.UpsertMessagesAsync([
            Message("a1", "c1", 0, Direction.Outbound, true, "dialog_opened"),
            Message("a2", "c1", 1, Direction.Inbound, false, "Есть в наличии диван?"),
            Message("a3", "c1", 2, Direction.Outbound, true, "Спасибо! Какой цвет вам нужен?"),
            Message("a4", "c1", 6, Direction.Outbound, false, "Добрый день! Да, есть. Какой размер нужен?", "m1")], default);
        await chats.UpsertMessagesAsync([Message("b1", "c2", 0, Direction.Outbound, true, "Рассылка: скидки недели")], default);

        var report = await new BuildChatReport(chats, managers, new ChatAnalyticsOptions()).RunAsync(Noon.AddHours(-1), Noon.AddHours(1), default);

        var chatRows = report.Table("chats_raw").Rows;
        var row = Assert.Single(chatRows);
        Assert.Equal("c1", row[0]);
        Assert.Equal((1, 1), ((int)row[8]!, (int)row[9]!));
        Assert.Equal(300d, row[10]); // the manager answered after 5 minutes; the bot after 1
        Assert.Equal(["a2", "a4"], report.Table("messages_raw").Rows.Select(r => (string)r[1]!));
        Assert.Equal(1, report.Table("spin_chat_metrics").Rows[0][6]); // one question, the manager's
    }
}
