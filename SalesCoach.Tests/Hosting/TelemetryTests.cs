using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Hosting;

/// <summary>Every invocation is traced and timed; OpenTelemetry exports only when asked to.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TelemetryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_function_invocation_records_its_span_and_its_duration()
    {
        var durations = new System.Collections.Concurrent.ConcurrentBag<(double Ms, string? Function, string? Outcome)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SalesCoachTelemetry.Name && instrument.Name == "salescoach.function.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var all = tags.ToArray();
            durations.Add((value, all.FirstOrDefault(t => t.Key == "function").Value as string, all.FirstOrDefault(t => t.Key == "outcome").Value as string));
        });
        meters.Start();
        var spans = new System.Collections.Concurrent.ConcurrentBag<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SalesCoachTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(activities);

        await using var app = await TestApp.StartAsync(azurite);
        (await app.Client.GetAsync("/api/dashboard-summary")).EnsureSuccessStatusCode();
        using var bad = await app.Client.GetAsync("/api/dashboard-summary?team=nobody");

        Assert.Contains(durations, d => d is { Function: "GetDashboardSummary", Outcome: "ok" } && d.Ms > 0);
        Assert.Contains(durations, d => d is { Function: "GetDashboardSummary", Outcome: "error" });
        var span = spans.First(s => s.DisplayName == "function GetDashboardSummary" && s.Status != ActivityStatusCode.Error);
        Assert.Equal("GetDashboardSummary", span.GetTagItem("faas.name"));
    }

    [Fact]
    public async Task Nothing_is_exported_unless_the_console_or_azure_monitor_is_configured()
    {
        await using (var quiet = await TestApp.StartAsync(azurite))
        {
            Assert.Null(quiet.Services.GetService<TracerProvider>());
            Assert.Null(quiet.Services.GetService<MeterProvider>());
        }
        await using var console = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?> { ["Telemetry:Console"] = "true" });
        Assert.NotNull(console.Services.GetService<TracerProvider>());
        Assert.NotNull(console.Services.GetService<MeterProvider>());
    }
}
