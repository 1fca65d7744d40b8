// Owns where settings come from in either mode: defaults, local.settings.json (standalone), environment, arguments.
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration.Memory;

namespace SalesCoach.Functions.Hosting;

/// <summary>
/// Settings use "__" for sections in app settings and local.settings.json (Telegram__BotToken) and ':'
/// in .NET configuration. Under the Functions host, local.settings.json is read by Core Tools and
/// arrives as environment variables; standalone reads it itself, below the environment, as Core Tools does.
/// </summary>
public static class AppSettings
{
    public const string LocalSettingsFile = "local.settings.json";

    /// <summary>Values used when nothing else sets them (the same defaults the README's settings table gives).</summary>
    public static IReadOnlyDictionary<string, string?> Defaults { get; } = new Dictionary<string, string?>
    {
        ["SalesCoach:StoragePrefix"] = "sc",
        ["SalesCoach:OutboxSchedule"] = "*/2 * * * * *",
        ["Coaching:RefitSchedule"] = "0 30 2 * * *",
        ["Agent:DailyReviewSchedule"] = "0 0 * * * *",
        ["Agent:InactivitySchedule"] = "0 30 * * * *",
        ["Agent:ViewRefreshSchedule"] = "0 15 */6 * * *",
        ["Agent:ExpirySchedule"] = "0 0 0 * * *",
        ["Agent:SquadSchedule"] = "0 0 9 * * 1",
        ["Agent:CleanupSchedule"] = "0 0 2 * * *",
        ["Agent:HealthSchedule"] = "0 */15 * * * *",
        ["Assistant:OutboxSchedule"] = "*/5 * * * * *",
        ["Assistant:NudgeSchedule"] = "0 * * * * *",
    };

    /// <summary>Puts the defaults (and, standalone, local.settings.json) below what the builder already has.</summary>
    public static void Layer(IConfigurationBuilder configuration, bool readLocalSettings)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (readLocalSettings)
        {
            configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = ReadLocalSettings(Directory.GetCurrentDirectory(), AppContext.BaseDirectory) });
        }
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
    }

    public static IReadOnlyDictionary<string, string?> ReadLocalSettings(params string[] folders)
    {
        foreach (var folder in folders)
        {
            var path = Path.Combine(folder, LocalSettingsFile);
            if (!File.Exists(path))
            {
                continue;
            }
            var values = JsonNode.Parse(File.ReadAllText(path))?["Values"]?.AsObject();
            return values is null
                ? new Dictionary<string, string?>()
                : values.ToDictionary(pair => pair.Key.Replace("__", ":", StringComparison.Ordinal), pair => pair.Value?.ToString());
        }
        return new Dictionary<string, string?>();
    }
}
