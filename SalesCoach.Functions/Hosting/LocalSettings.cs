using System.Text.Json.Nodes;

namespace SalesCoach.Functions.Hosting;

/// <summary>
/// Reads local.settings.json "Values" the way Core Tools does (as environment-like settings), for
/// standalone mode. Names use "__" for sections (Telegram__BotToken), mapped to ':' for .NET configuration.
/// Environment variables still win.
/// </summary>
public static class LocalSettings
{
    public const string FileName = "local.settings.json";

    public static IReadOnlyDictionary<string, string?> Read(params string[] folders)
    {
        foreach (var folder in folders)
        {
            var path = Path.Combine(folder, FileName);
            if (!File.Exists(path))
            {
                continue;
            }
            var values = JsonNode.Parse(File.ReadAllText(path))?["Values"]?.AsObject();
            if (values is null)
            {
                return new Dictionary<string, string?>();
            }
            return values.ToDictionary(
                pair => pair.Key.Replace("__", ":", StringComparison.Ordinal),
                pair => pair.Value?.ToString());
        }
        return new Dictionary<string, string?>();
    }
}
