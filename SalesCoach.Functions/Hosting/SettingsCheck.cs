// Owns checking the settings before the app starts, so a bad one stops it with one line naming it instead of a stack trace.
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting.Standalone;

namespace SalesCoach.Functions.Hosting;

public static partial class SettingsCheck
{
    /// <summary>Throws <see cref="InvalidSettingException"/> for the first setting the app cannot start with.</summary>
    public static void ThrowIfInvalid(IConfiguration configuration)
    {
        if (Problems(configuration).FirstOrDefault() is { } problem)
        {
            throw problem;
        }
    }

    /// <summary>
    /// The storage connection string (parsed, not connected), every time zone setting (…TimeZone, …TimeZonesByPrefix__*)
    /// and every schedule (…Schedule: NCrontab, six fields with seconds or five without).
    /// </summary>
    public static IReadOnlyList<InvalidSettingException> Problems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<InvalidSettingException>();
        var storage = configuration["AzureWebJobsStorage"];
        if (string.IsNullOrWhiteSpace(storage))
        {
            problems.Add(new("AzureWebJobsStorage", "is required (\"UseDevelopmentStorage=true\" for Azurite, or the storage account's connection string)."));
        }
        else if (!IsStorageConnectionString(storage))
        {
            // The value is not repeated: it may hold an account key.
            problems.Add(new("AzureWebJobsStorage", "is not a storage connection string (\"UseDevelopmentStorage=true\", or DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…)."));
        }
        if (configuration[TelemetrySetup.AzureMonitorSetting] is { Length: > 0 } insights && !insights.Contains("InstrumentationKey=", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new("APPLICATIONINSIGHTS_CONNECTION_STRING", "is not an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…)."));
        }
        foreach (var (key, value) in configuration.AsEnumerable().Where(p => p.Key.Contains(':', StringComparison.Ordinal)).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var name = key.Replace(":", "__", StringComparison.Ordinal);
            var last = key[(key.LastIndexOf(':') + 1)..];
            var isZone = last.EndsWith("TimeZone", StringComparison.OrdinalIgnoreCase) || key.Contains("TimeZonesByPrefix:", StringComparison.OrdinalIgnoreCase);
            if (isZone && value is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(value, out _))
            {
                problems.Add(new(name, $"'{value}' is not a known IANA time zone (e.g. Europe/Moscow, Asia/Almaty)."));
            }
            if (last.EndsWith("Schedule", StringComparison.OrdinalIgnoreCase) && value is not null)
            {
                try
                {
                    TimerTriggers.Parse(value);
                }
                catch (Exception e) when (e is NCrontab.CrontabException or FormatException or ArgumentException)
                {
                    problems.Add(new(name, $"'{value}' is not an NCrontab schedule (second minute hour day month weekday, e.g. \"0 */15 * * * *\")."));
                }
            }
        }
        return problems;
    }

    /// <summary>The one line to print when starting failed because of a setting, or null when the failure is something else.</summary>
    public static string? OneLine(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is InvalidSettingException setting)
            {
                return "SalesCoach cannot start: " + setting.Message;
            }
            // The configuration binder's words for a value of the wrong type.
            if (e is InvalidOperationException && BinderFailure().Match(e.Message) is { Success: true } match)
            {
                var type = match.Groups["type"].Value;
                return $"SalesCoach cannot start: setting {match.Groups["key"].Value.Replace(":", "__", StringComparison.Ordinal)}: '{match.Groups["value"].Value}' is not a valid {type[(type.LastIndexOf('.') + 1)..]}.";
            }
        }
        return null;
    }

    private static bool IsStorageConnectionString(string value)
    {
        try
        {
            _ = new TableServiceClient(value);
            _ = new BlobServiceClient(value);
            _ = new QueueServiceClient(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex BinderFailure();
}
