using System.Diagnostics;

namespace SalesCoach.Tests.Hosting;

/// <summary>The standalone host started as a process with one bad setting stops with one line naming it, not a stack trace.</summary>
public sealed class BadSettingsTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "AzureWebJobsStorage", "DefaultEndpointsProtocol=http;AccountName=x", "not a storage connection string" },
        { "Chats__TimeZone", "Mars/Olympus", "'Mars/Olympus' is not a known IANA time zone" },
        { "AmoCrm__DefaultTimeZone", "Europe/Atlantis", "not a known IANA time zone" },
        { "SalesCoach__OutboxSchedule", "every now and then", "not an NCrontab schedule" },
        { "Agent__SquadSchedule", "0 99 9 * * 1", "not an NCrontab schedule" },
        { "Telegram__PerChatInterval", "soon", "'soon' is not a valid TimeSpan" },
        { "Dashboard__StaleDays", "0", "must be from 1 to 365" },
        { "APPLICATIONINSIGHTS_CONNECTION_STRING", "https://example.invalid", "not an Application Insights connection string" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_setting_stops_the_app_with_one_line_naming_it(string setting, string value, string expected)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "SalesCoach.Functions.dll") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        start.Environment["SalesCoach__StandaloneUrls"] = "http://127.0.0.1:0";
        start.Environment[setting] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The app started with {setting}={value} instead of stopping: {await output}");
        }

        var lines = ((await output) + (await error)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, process.ExitCode);
        var line = Assert.Single(lines);
        Assert.StartsWith($"SalesCoach cannot start: setting {setting}: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
        if (setting == "AzureWebJobsStorage")
        {
            Assert.DoesNotContain(value, line, StringComparison.Ordinal); // a connection string may hold a key
        }
    }
}
