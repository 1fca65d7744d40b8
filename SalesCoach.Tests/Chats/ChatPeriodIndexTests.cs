using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Chats;

/// <summary>
/// The chat report's period reading on a real Azurite: the day index gives exactly the messages the
/// per-chat reading gave, across days, late and out of order, re-timed and re-imported.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChatPeriodIndexTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);

    private static ChatMessage Message(string id, string chat, double hours, Direction direction = Direction.Inbound, string text = "Сколько стоит?") =>
        new() { Id = id, ChatId = chat, Direction = direction, SentAt = Monday.AddHours(hours), Text = text, ManagerId = direction == Direction.Outbound ? "m1" : null, Source = "import" };

    private static Chat NewChat(string id) => new() { Id = id, Channel = Channel.Whatsapp, ManagerId = "m1", CreatedAt = Monday, UpdatedAt = Monday.AddDays(6) };

    private static async Task<List<string>> PeriodAsync(ChatRepository chats, DateTimeOffset from, DateTimeOffset to)
    {
        var seen = new List<string>();
        await foreach (var (chat, messages) in chats.ReadPeriodAsync(from, to, default))
        {
            seen.Add($"{chat.Id}:{string.Join(",", messages.Select(m => m.Id))}");
        }
        return seen;
    }

    [Fact]
    public async Task A_chat_over_several_days_comes_whole_in_time_order_and_chats_in_id_order()
    {
        var chats = new ChatRepository(azurite.NewAccount(out _));
        // Ids where a naive separator would break the order: "c1" is a prefix of "c1-2" and "c1a".
        foreach (var id in new[] { "c1a", "c1", "c1-2", "b" })
        {
            await chats.MergeAsync(NewChat(id), default);
        }
        // Delivered out of order and across days (the import writes in arrival order).
        await chats.UpsertMessagesAsync([Message("z", "c1", 50), Message("a", "c1", 1), Message("k", "c1", 26, Direction.Outbound)], default);
        await chats.UpsertMessagesAsync([Message("x", "c1a", 3), Message("y", "c1-2", 30), Message("w", "b", 140)], default);

        Assert.Equal(["b:w", "c1:a,k,z", "c1-2:y", "c1a:x"], await PeriodAsync(chats, Monday, Monday.AddDays(7)));
        // The period's bounds cut inside a day: [01:00 Monday, 02:00 Wednesday).
        Assert.Equal(["c1:a,k", "c1-2:y", "c1a:x"], await PeriodAsync(chats, Monday.AddHours(1), Monday.AddHours(50)));
    }

    [Fact]
    public async Task A_late_message_for_a_closed_day_and_a_re_timed_one_land_in_exactly_one_day()
    {
        var chats = new ChatRepository(azurite.NewAccount(out _));
        await chats.MergeAsync(NewChat("c1"), default);
        await chats.UpsertMessagesAsync([Message("a", "c1", 10), Message("b", "c1", 11, Direction.Outbound)], default);
        Assert.Equal(["c1:a,b"], await PeriodAsync(chats, Monday, Monday.AddDays(1)));

        // Days later: a message from Monday arrives late, and "b" is re-delivered with its true time on Tuesday.
        await chats.UpsertMessagesAsync([Message("late", "c1", 10.5), Message("b", "c1", 30, Direction.Outbound)], default);
        // And the same delivery again (a re-import) changes nothing.
        await chats.UpsertMessagesAsync([Message("late", "c1", 10.5), Message("b", "c1", 30, Direction.Outbound)], default);

        Assert.Equal(["c1:a,late"], await PeriodAsync(chats, Monday, Monday.AddDays(1)));
        Assert.Equal(["c1:b"], await PeriodAsync(chats, Monday.AddDays(1), Monday.AddDays(2)));
        Assert.Equal(["a", "late", "b"], (await chats.ListMessagesAsync("c1", default)).Select(m => m.Id));
    }

    [Fact]
    public async Task Messages_stored_before_the_index_existed_are_indexed_by_the_one_off_command()
    {
        var storage = azurite.NewAccount(out _);
        var chats = new ChatRepository(storage);
        await chats.MergeAsync(NewChat("c1"), default);
        // A row as the store wrote it before the period index: only under its chat.
        var legacy = await storage.TableAsync("messages");
        await legacy.AddEntityAsync(new Azure.Data.Tables.TableEntity("c1", "old")
        {
            ["Direction"] = "Inbound", ["SentAt"] = Monday.AddHours(12), ["Text"] = "Сколько стоит?", ["Source"] = "greenapi", ["IsSystem"] = false,
        });
        Assert.Empty(await PeriodAsync(chats, Monday, Monday.AddDays(1)));

        Assert.Equal(1, await chats.IndexAllMessagesAsync(default));
        Assert.Equal(1, await chats.IndexAllMessagesAsync(default));

        Assert.Equal(["c1:old"], await PeriodAsync(chats, Monday, Monday.AddDays(1)));
    }

    [Fact]
    public async Task Messages_whose_chat_is_not_stored_or_was_not_updated_in_the_period_are_left_out_as_before()
    {
        var chats = new ChatRepository(azurite.NewAccount(out _));
        await chats.MergeAsync(NewChat("c1"), default);
        await chats.MergeAsync(NewChat("old") with { UpdatedAt = Monday.AddDays(-1) }, default);
        await chats.UpsertMessagesAsync([Message("a", "c1", 1), Message("b", "orphan", 2), Message("c", "old", 3)], default);

        Assert.Equal(["c1:a"], await PeriodAsync(chats, Monday, Monday.AddDays(1)));
    }

    [Fact]
    public async Task The_report_from_the_index_has_the_numbers_of_the_per_chat_reading()
    {
        var storage = azurite.NewAccount(out _);
        var chats = new ChatRepository(storage);
        var managers = new ManagerRepository(storage);
        await managers.UpsertAsync(new Manager { Id = "m1", Name = "Анна", TimeZone = "Europe/Moscow", Team = "t" }, default);
        var random = new Random(7);
        var all = new List<ChatMessage>();
        for (var c = 0; c < 40; c++)
        {
            await chats.MergeAsync(NewChat($"c{c}"), default);
            for (var i = 0; i < 12; i++)
            {
                var outbound = random.Next(3) == 0;
                all.Add(Message($"c{c}-{i}", $"c{c}", random.NextDouble() * 24 * 7, outbound ? Direction.Outbound : Direction.Inbound,
                    outbound ? (random.Next(2) == 0 ? "Какой у вас бюджет?" : "Отправил расчёт.") : "Есть в наличии?"));
            }
        }
        // Shuffled into several deliveries, one of them twice.
        var shuffled = all.OrderBy(_ => random.Next()).ToList();
        foreach (var part in shuffled.Chunk(70))
        {
            await chats.UpsertMessagesAsync(part, default);
        }
        await chats.UpsertMessagesAsync(shuffled.Take(70), default);

        var options = new ChatAnalyticsOptions();
        var hours = WorkingHours.Default("Europe/Moscow");
        var (from, to) = (Monday.AddHours(30), Monday.AddHours(130));
        var report = await new BuildChatReport(chats, managers, options).AnalyseAsync(from, to, default);

        // The definition, computed from each chat's stored messages one by one.
        var advisor = new ChatAdvisor(ChatLexicon.Default);
        var expected = new List<string>();
        foreach (var chat in (await chats.ListUpdatedSinceAsync(from, default)).OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            var messages = (await chats.ListMessagesAsync(chat.Id, default)).Where(m => m.SentAt >= from && m.SentAt < to).ToList();
            if (messages.Count > 0)
            {
                var stats = ChatMetrics.Compute(chat, messages, hours);
                expected.Add($"{stats} {string.Join(",", advisor.Advise(stats, messages).Select(a => a.Rule))} {advisor.Spin(messages)}");
            }
        }
        Assert.Equal(expected, report.Select(c => $"{c.Stats} {string.Join(",", c.Advice.Select(a => a.Rule))} {c.Spin}"));
        Assert.True(expected.Count > 30);
    }
}
