using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SalesCoach.Core.Agent;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Agent;

/// <summary>The agent's settings in local.settings.sample.json bind to its options with their documented values.</summary>
public sealed class AgentSettingsTests
{
    [Fact]
    public async Task The_sample_agent_settings_bind()
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "local.settings.sample.json")))!["Values"]!.AsObject();
        var values = sample.ToDictionary(p => p.Key.Replace("__", ":", StringComparison.Ordinal), p => p.Value?.GetValue<string>());
        values["SalesCoach:Dispatcher"] = "off";
        values["SalesCoach:StandaloneUrls"] = "http://127.0.0.1:0";
        values["Agent:ExtraCompetitors"] = "Acme, Мегакорп";
        await using var app = SalesCoach.Functions.Hosting.Standalone.StandaloneHost.Build([], values);

        var options = app.Services.GetRequiredService<AgentOptions>();
        Assert.Equal(TimeSpan.FromMinutes(10), options.InterventionThrottle);
        Assert.Equal(TimeSpan.FromDays(3), options.RecommendationLifetime);
        Assert.Equal((7, 14, 3, 90), (options.WarningIdleDays, options.CriticalIdleDays, options.PlanPriorities, options.RetentionDays));
        Assert.Equal(["Acme", "Мегакорп"], options.ExtraCompetitorNames());
        Assert.Contains(Signal.Competitor, app.Services.GetRequiredService<SignalDetector>().Detect("смотрим ещё мегакорп").Signals);
    }
}
