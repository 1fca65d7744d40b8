using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Chats;

[Collection(AzuriteCollection.Name)]
public sealed class SendChatReportsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task At_the_report_hour_on_a_monday_managers_get_the_day_and_the_week_and_the_team_its_view()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var records = new JsonArray(
            new JsonObject { ["type"] = "manager", ["id"] = "m1", ["name"] = "Анна", ["time_zone"] = "Europe/Moscow", ["telegram_chat_id"] = 501 },
            new JsonObject { ["type"] = "chat", ["id"] = "c1", ["channel"] = "whatsapp", ["manager_id"] = "m1", ["created_at"] = "2026-11-20T09:00:00Z", ["updated_at"] = "2026-11-22T09:20:00Z" },
            new JsonObject { ["type"] = "message", ["id"] = "x1", ["chat_id"] = "c1", ["direction"] = "inbound", ["sent_at"] = "2026-11-20T09:00:00Z", ["text"] = "Сколько стоит?" },
            new JsonObject { ["type"] = "message", ["id"] = "x2", ["chat_id"] = "c1", ["direction"] = "outbound", ["sent_at"] = "2026-11-20T09:30:00Z", ["text"] = "5000.", ["manager_id"] = "m1" },
            new JsonObject { ["type"] = "message", ["id"] = "x3", ["chat_id"] = "c1", ["direction"] = "inbound", ["sent_at"] = "2026-11-22T09:00:00Z", ["text"] = "А доставка?" });
        (await app.Client.PostAsync("/api/import", new StringContent(records.ToJsonString(), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        // Monday 23 November 2026, 09:00 in Moscow.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));
        var options = new ChatAnalyticsOptions { TeamChatId = 900 };
        var job = new SendChatReports(new BuildChatReport(app.Get<ChatRepository>(), app.Get<ManagerRepository>(), options),
            app.Get<ManagerRepository>(), app.Get<OutboxRepository>(), options, time, NullLogger<SendChatReports>.Instance);

        var result = await job.RunAsync(force: false, default);
        var again = await job.RunAsync(force: false, default);

        Assert.True(result.Due);
        Assert.True(result.Weekly);
        Assert.Equal(1, result.ManagerReports);
        Assert.Equal(0, again.ManagerReports);
        var messages = (await app.Get<OutboxRepository>().ListAsync(null, null, 20, default)).Where(m => m.Kind == OutboxKind.ChatReport).ToList();
        Assert.Equal(["chats-daily-20261122-m1-p1", "chats-daily-20261122-team-default-p1", "chats-weekly-20261116-m1-p1", "chats-weekly-20261116-team-default-p1"], messages.Select(m => m.Id).Order());
        var weekly = messages.Single(m => m.Id == "chats-weekly-20261116-m1-p1");
        Assert.Equal(501, weekly.ChatId);
        Assert.Contains("медиана 30 мин", weekly.Text, StringComparison.Ordinal);
        Assert.Contains("дать следующий шаг", weekly.Text, StringComparison.Ordinal);
        Assert.Equal(900, messages.Single(m => m.Id == "chats-weekly-20261116-team-default-p1").ChatId);
    }

    [Fact]
    public async Task Each_team_reports_at_its_own_local_hour()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var managers = app.Get<ManagerRepository>();
        await managers.UpsertAsync(DealBuilder.Manager("msk", "Europe/Moscow") with { Team = "moscow" }, default);
        await managers.UpsertAsync(DealBuilder.Manager("ala", "Asia/Almaty") with { Team = "almaty" }, default);
        var options = new ChatAnalyticsOptions();
        SendChatReports Job(DateTimeOffset at) => new(new BuildChatReport(app.Get<ChatRepository>(), managers, options),
            managers, app.Get<OutboxRepository>(), options, new FakeTimeProvider(at), NullLogger<SendChatReports>.Instance);

        // 04:00 UTC is 09:00 in Almaty (UTC+5) and 07:00 in Moscow; 06:00 UTC is 09:00 in Moscow.
        Assert.Equal(new TimeOnly(9, 0), new BuildChatReport(app.Get<ChatRepository>(), managers,
            options with { TeamHours = new() { ["almaty"] = "09:00-21:00" } }).HoursFor("almaty", "Asia/Almaty").Start);
        Assert.Equal(1, (await Job(new DateTimeOffset(2026, 11, 24, 4, 0, 0, TimeSpan.Zero)).RunAsync(false, default)).TeamsDue);
        Assert.Equal(1, (await Job(new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero)).RunAsync(false, default)).TeamsDue);
        Assert.Equal(0, (await Job(new DateTimeOffset(2026, 11, 24, 5, 0, 0, TimeSpan.Zero)).RunAsync(false, default)).TeamsDue);
    }

    [Fact]
    public async Task Outside_the_report_hour_nothing_is_sent()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var options = new ChatAnalyticsOptions();
        var job = new SendChatReports(new BuildChatReport(app.Get<ChatRepository>(), app.Get<ManagerRepository>(), options),
            app.Get<ManagerRepository>(), app.Get<OutboxRepository>(), options, time, NullLogger<SendChatReports>.Instance);
        Assert.False((await job.RunAsync(force: false, default)).Due);
    }
}
