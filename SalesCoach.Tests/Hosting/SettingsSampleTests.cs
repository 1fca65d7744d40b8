using Microsoft.Extensions.Configuration;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SalesCoach.Core.Crm.AmoCrm;
using SalesCoach.Core.Crm.Import;
using SalesCoach.Core.Crm.RetailCrm;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Hosting;

/// <summary>local.settings.sample.json documents every setting and binds as it stands.</summary>
public sealed class SettingsSampleTests
{
    private static JsonObject Sample() => JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "local.settings.sample.json")))!.AsObject();

    [Fact]
    public void Every_setting_has_a_comment()
    {
        var sample = Sample();
        var comments = sample["_comments"]!.AsObject().Select(c => c.Key).ToList();
        foreach (var (key, _) in sample["Values"]!.AsObject())
        {
            Assert.True(comments.Contains(key) || comments.Any(c => c.EndsWith("__*", StringComparison.Ordinal) && key.StartsWith(c[..^1], StringComparison.Ordinal)),
                $"{key} has no entry in _comments");
        }
    }

    [Fact]
    public async Task The_sample_binds_to_the_options_with_its_values()
    {
        var values = Sample()["Values"]!.AsObject().ToDictionary(p => p.Key.Replace("__", ":", StringComparison.Ordinal), p => p.Value?.GetValue<string>());
        values["SalesCoach:Dispatcher"] = "off";
        values["SalesCoach:StandaloneUrls"] = "http://127.0.0.1:0";
        await using var app = SalesCoach.Functions.Hosting.Standalone.StandaloneHost.Build([], values);

        Assert.Equal(TimeSpan.FromSeconds(1), app.Services.GetRequiredService<TelegramOptions>().PerChatInterval);
        Assert.Equal(1_500_000m, app.Services.GetRequiredService<RuleCoachOptions>().LargeDealBudget("KZT"));
        Assert.Equal(0.6, app.Services.GetRequiredService<LeadOptions>().MinTransferScore);
        Assert.Equal(TimeSpan.FromHours(1), app.Services.GetRequiredService<LeadOptions>().AiCacheTtl);
        Assert.Equal(536870912, app.Services.GetRequiredService<ImportOptions>().MaxBytes);
        Assert.False(app.Services.GetRequiredService<AmoCrmOptions>().IsConfigured);
        Assert.False(app.Services.GetRequiredService<RetailCrmOptions>().IsConfigured);
        Assert.False(app.Services.GetRequiredService<GreenApiSendOptions>().CanSend);
        Assert.False(app.Services.GetRequiredService<OpenAiOptions>().IsConfigured);
        var assistant = app.Services.GetRequiredService<SalesCoach.Core.Assistant.AssistantOptions>();
        Assert.Equal((new TimeOnly(9, 0), new TimeOnly(19, 0), new TimeOnly(13, 0), TimeSpan.FromHours(3)), (assistant.NudgeWindowStart, assistant.NudgeWindowEnd, assistant.SecondNudgeTime, assistant.FirstNudgeDelay));
        Assert.Equal("Europe/Kyiv", assistant.ZoneOf("380671234567").Id);
        Assert.Equal("Asia/Almaty", assistant.ZoneOf("77011234567").Id);
        Assert.StartsWith("Хотела уточнить", assistant.NudgeFirstText);
        Assert.Equal("local", assistant.Search);
        Assert.IsType<SalesCoach.Core.Assistant.Knowledge.LocalKnowledgeRetriever>(app.Services.GetRequiredService<SalesCoach.Core.Assistant.Knowledge.IKnowledgeRetriever>());
        // Read only when Assistant:Search is "azure"; the sample's values bind all the same.
        var search = app.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>().GetSection("AzureSearch").Get<SalesCoach.Core.Assistant.Knowledge.AzureSearchOptions>()!;
        Assert.Equal(("salescoach-knowledge", 1000, 3, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)), (search.IndexName, search.BatchSize, search.MaxRetries, search.MaxRetryAfter, search.RetryBaseDelay));
        var chats = app.Services.GetRequiredService<SalesCoach.Core.Chats.ChatAnalyticsOptions>();
        Assert.Equal((new TimeOnly(10, 0), new TimeOnly(23, 0), (long?)null), (chats.WorkStart, chats.WorkEnd, chats.TeamChatId));
    }
}
