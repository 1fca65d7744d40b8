using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SalesCoach.Core.Deals.Runs;
using SalesCoach.Core.Managers;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Deals;

[Collection(AzuriteCollection.Name)]
public sealed class MonitoringTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("0")]
    [InlineData("169")]
    [InlineData("-5")]
    [InlineData("daily")]
    [InlineData("1.5")]
    public async Task Interval_outside_1_to_168_hours_is_400_naming_interval_hours(string interval)
    {
        await using var app = await TestApp.StartAsync(azurite);
        var response = await app.Client.PostAsync($"/api/monitoring/start?interval_hours={interval}", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("interval_hours", (await app.JsonAsync(response)).GetProperty("field").GetString());
        var status = await app.JsonAsync(await app.Client.GetAsync("/api/monitoring/status"));
        Assert.False(status.GetProperty("is_running").GetBoolean());
    }

    [Fact]
    public async Task Start_answers_like_seed_000_and_status_shows_the_schedule()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var started = await app.JsonAsync(await app.Client.PostAsync("/api/monitoring/start?interval_hours=24", null));
        Assert.Equal("started", started.GetProperty("status").GetString());
        Assert.Equal("Deal monitoring started with 24h interval", started.GetProperty("message").GetString());

        var status = await app.JsonAsync(await app.Client.GetAsync("/api/monitoring/status"));
        Assert.True(status.GetProperty("is_running").GetBoolean());
        Assert.Equal(24, status.GetProperty("interval_hours").GetInt32());
        Assert.True(status.GetProperty("next_run_at").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Monitoring_state_survives_a_restart_and_stop_ends_it()
    {
        string prefix;
        await using (var first = await TestApp.StartAsync(azurite))
        {
            prefix = first.Prefix;
            (await first.Client.PostAsync("/api/monitoring/start?interval_hours=6", null)).EnsureSuccessStatusCode();
        }

        await using var second = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?> { ["SalesCoach:StoragePrefix"] = prefix });
        var status = await second.JsonAsync(await second.Client.GetAsync("/api/monitoring/status"));
        Assert.True(status.GetProperty("is_running").GetBoolean());
        Assert.Equal(6, status.GetProperty("interval_hours").GetInt32());

        var stopped = await second.JsonAsync(await second.Client.PostAsync("/api/monitoring/stop", null));
        Assert.Equal("stopped", stopped.GetProperty("status").GetString());
        status = await second.JsonAsync(await second.Client.GetAsync("/api/monitoring/status"));
        Assert.False(status.GetProperty("is_running").GetBoolean());
    }

    [Fact]
    public async Task Tick_starts_a_run_when_due_once_per_interval()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var storage = azurite.NewAccount(out var prefix);
        var client = await DurableTestClient.CreateAsync(azurite, prefix);
        var monitoring = new MonitoringRepository(storage);
        var managers = new ManagerRepository(storage);
        await managers.UpsertAsync(DealBuilder.Manager("m1"), default);
        var tick = new MonitoringTick(monitoring, managers, new TeamRuns(new RunClaims(storage, time), time, NullLogger<TeamRuns>.Instance), time, NullLogger<MonitoringTick>.Instance);

        Assert.Null(await tick.RunAsync(client, default)); // not started yet
        await new StartMonitoring(monitoring, time).RunAsync(2, default);

        var first = await tick.RunAsync(client, default);
        time.Advance(TimeSpan.FromMinutes(1));
        var tooEarly = await tick.RunAsync(client, default);
        time.Advance(TimeSpan.FromHours(2));
        var second = await tick.RunAsync(client, default);

        Assert.Equal("monitor-202611230900", first?.Id);
        Assert.Null(tooEarly);
        Assert.Equal("monitor-202611231101", second?.Id);
        var (state, _) = await monitoring.GetAsync(default);
        Assert.Equal(second!.Id, state.LastRunId);
        Assert.Equal(time.GetUtcNow().AddHours(2), state.NextRunAt);
        Assert.NotNull(await client.GetInstanceAsync(first!.Id, default));
        Assert.NotNull(await client.GetInstanceAsync(second.Id, default));
    }

    [Fact]
    public async Task Stopped_monitoring_starts_nothing()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var storage = azurite.NewAccount(out var prefix);
        var client = await DurableTestClient.CreateAsync(azurite, prefix);
        var monitoring = new MonitoringRepository(storage);
        var managers = new ManagerRepository(storage);
        var tick = new MonitoringTick(monitoring, managers, new TeamRuns(new RunClaims(storage, time), time, NullLogger<TeamRuns>.Instance), time, NullLogger<MonitoringTick>.Instance);
        await new StartMonitoring(monitoring, time).RunAsync(1, default);
        await new StopMonitoring(monitoring, time).RunAsync(default);
        Assert.Null(await tick.RunAsync(client, default));
    }
}
