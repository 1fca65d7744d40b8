using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Chats;

/// <summary>Reports for local days on a real Azurite: the team's Moscow day, and Berlin days across both DST changes.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChatReportLocalDaysTests(AzuriteFixture azurite)
{
    private static JsonObject Msg(string id, string chat, string direction, string at, string text, string? manager = null) =>
        new() { ["type"] = "message", ["id"] = id, ["chat_id"] = chat, ["direction"] = direction, ["sent_at"] = at, ["text"] = text, ["manager_id"] = manager };

    private static JsonObject ChatRecord(string id, string manager, string created, string updated) =>
        new() { ["type"] = "chat", ["id"] = id, ["channel"] = "whatsapp", ["manager_id"] = manager, ["created_at"] = created, ["updated_at"] = updated };

    private static async Task ImportAsync(TestApp app, params JsonNode[] records) =>
        (await app.Client.PostAsync("/api/import", new StringContent(new JsonArray(records).ToJsonString(), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

    private static List<Dictionary<string, string>> Rows(JsonElement report, string table)
    {
        var t = report.GetProperty("tables").EnumerateArray().Single(x => x.GetProperty("name").GetString() == table);
        var columns = t.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
        return t.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select((cell, i) => (columns[i], cell.ToString())).ToDictionary(p => p.Item1, p => p.Item2)).ToList();
    }

    [Fact]
    public async Task A_moscow_day_holds_the_client_who_wrote_at_two_at_night_and_not_the_next_nights_messages()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await ImportAsync(app,
            new JsonObject { ["type"] = "manager", ["id"] = "m1", ["name"] = "Анна", ["time_zone"] = "Europe/Moscow" },
            ChatRecord("night", "m1", "2026-11-18T23:00:00Z", "2026-11-19T07:05:00Z"),
            ChatRecord("next", "m1", "2026-11-19T22:00:00Z", "2026-11-19T22:00:00Z"),
            // 02:00 Moscow on the 19th (23:00 UTC on the 18th), answered at 10:05: five working minutes.
            Msg("n1", "night", "inbound", "2026-11-18T23:00:00Z", "Сколько стоит доставка?"),
            Msg("n2", "night", "outbound", "2026-11-19T07:05:00Z", "Добрый день! Куда доставить?", "m1"),
            // 01:00 Moscow on the 20th (22:00 UTC on the 19th): the next local day.
            Msg("x1", "next", "inbound", "2026-11-19T22:00:00Z", "Есть в наличии?"));

        var report = await app.JsonAsync(await app.Client.GetAsync("/api/reports/chats?from=2026-11-19&to=2026-11-20"));

        Assert.Equal("Europe/Moscow", report.GetProperty("time_zone").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 18, 21, 0, 0, TimeSpan.Zero), report.GetProperty("from").GetDateTimeOffset());
        var chat = Assert.Single(Rows(report, "chats_raw"));
        Assert.Equal(("night", "1", "1", "300"), (chat["chat_id"], chat["inbound_count"], chat["outbound_count"], chat["first_response_sec"]));
        // The same day as UTC instants, as the report read it before: the client is gone, the night after is in.
        var utc = await app.JsonAsync(await app.Client.GetAsync("/api/reports/chats?from=2026-11-19T00:00:00Z&to=2026-11-20T00:00:00Z"));
        Assert.Equal(["next:1:0:", "night:0:1:"], Rows(utc, "chats_raw").Select(r => $"{r["chat_id"]}:{r["inbound_count"]}:{r["outbound_count"]}:{r["first_response_sec"]}"));
    }

    [Theory]
    // Spring forward: 00:30 on the 29th is +01:00, 00:30 on the 30th is +02:00.
    [InlineData("2026-03-29", "2026-03-30", "2026-03-28T23:30:00Z", "2026-03-29T22:30:00Z", "2026-03-28T22:30:00Z")]
    // Fall back: 23:30 on the 25th is +01:00 (the day has 25 hours), 23:30 on the 24th is +02:00.
    [InlineData("2026-10-25", "2026-10-26", "2026-10-25T22:30:00Z", "2026-10-24T21:30:00Z", "2026-10-25T23:30:00Z")]
    public async Task A_berlin_team_day_across_a_dst_change_is_its_local_day(string from, string to, string inside, string before, string after)
    {
        await using var app = await TestApp.StartAsync(azurite);
        await ImportAsync(app,
            new JsonObject { ["type"] = "manager", ["id"] = "b1", ["name"] = "Jonas", ["time_zone"] = "Europe/Berlin", ["team"] = "berlin" },
            ChatRecord("in", "b1", inside, inside), ChatRecord("before", "b1", before, before), ChatRecord("after", "b1", after, after),
            Msg("i1", "in", "inbound", inside, "Was kostet das?"),
            Msg("b1", "before", "inbound", before, "Was kostet das?"),
            Msg("a1", "after", "inbound", after, "Was kostet das?"));

        var report = await app.JsonAsync(await app.Client.GetAsync($"/api/reports/chats?team=berlin&from={from}&to={to}"));

        Assert.Equal("Europe/Berlin", report.GetProperty("time_zone").GetString());
        Assert.Equal(["in"], Rows(report, "chats_raw").Select(r => r["chat_id"]));
    }

    [Fact]
    public async Task The_daily_telegram_report_after_the_autumn_change_covers_the_whole_25_hour_yesterday()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await ImportAsync(app,
            new JsonObject { ["type"] = "manager", ["id"] = "b1", ["name"] = "Jonas", ["time_zone"] = "Europe/Berlin", ["team"] = "berlin", ["telegram_chat_id"] = 77 },
            ChatRecord("early", "b1", "2026-10-24T22:30:00Z", "2026-10-24T22:30:00Z"),
            ChatRecord("late", "b1", "2026-10-25T22:30:00Z", "2026-10-25T22:30:00Z"),
            ChatRecord("saturday", "b1", "2026-10-24T21:30:00Z", "2026-10-24T21:30:00Z"),
            // 00:30 (+02:00) and 23:30 (+01:00) on Sunday the 25th; 23:30 on Saturday is not yesterday.
            Msg("e1", "early", "inbound", "2026-10-24T22:30:00Z", "Was kostet das?"),
            Msg("l1", "late", "inbound", "2026-10-25T22:30:00Z", "Was kostet das?"),
            Msg("s1", "saturday", "inbound", "2026-10-24T21:30:00Z", "Was kostet das?"));
        // Monday 26 October, 09:00 in Berlin (+01:00).
        var options = new ChatAnalyticsOptions();
        var job = new SendChatReports(new BuildChatReport(app.Get<ChatRepository>(), app.Get<ManagerRepository>(), options),
            app.Get<ManagerRepository>(), app.Get<OutboxRepository>(), options, new FakeTimeProvider(new DateTimeOffset(2026, 10, 26, 8, 0, 0, TimeSpan.Zero)), NullLogger<SendChatReports>.Instance);

        Assert.Equal(1, (await job.RunAsync(force: false, default)).ManagerReports);

        var outbox = (await app.Get<OutboxRepository>().ListAsync(null, null, 20, default)).Where(m => m.Kind == OutboxKind.ChatReport).ToList();
        Assert.Contains("Чатов: 2 · входящих 2", outbox.Single(m => m.Id.StartsWith("chats-daily-20261025-b1", StringComparison.Ordinal)).Text, StringComparison.Ordinal);
        // The week before Monday: 19–25 October, Saturday's message included.
        Assert.Contains("Чатов: 3 · входящих 3", outbox.Single(m => m.Id.StartsWith("chats-weekly-20261019-b1", StringComparison.Ordinal)).Text, StringComparison.Ordinal);
    }
}
