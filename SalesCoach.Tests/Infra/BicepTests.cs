using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Infra;

public sealed class BicepTests
{
    private static string BicepPath => typeof(BicepTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepPath").Value!;

    [Fact]
    public async Task Main_bicep_compiles_to_an_arm_template_for_the_isolated_worker()
    {
        var start = new ProcessStartInfo(BicepPath)
        {
            ArgumentList = { "build", Path.Combine(RepoPaths.Root, "infra", "main.bicep"), "--stdout" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var bicep = Process.Start(start)!;
        var output = bicep.StandardOutput.ReadToEndAsync();
        var errors = await bicep.StandardError.ReadToEndAsync();
        await bicep.WaitForExitAsync();

        Assert.True(bicep.ExitCode == 0, errors);
        Assert.Equal("", errors.Trim());
        using var template = JsonDocument.Parse(await output);
        var json = template.RootElement.GetRawText();
        Assert.Contains("FUNCTIONS_WORKER_RUNTIME", json, StringComparison.Ordinal);
        Assert.Contains("dotnet-isolated", json, StringComparison.Ordinal);
        Assert.Contains("DOTNET-ISOLATED|10.0", json, StringComparison.Ordinal);
        Assert.Contains("SalesCoach__StoragePrefix", json, StringComparison.Ordinal);
        Assert.Contains("SalesCoach__OutboxSchedule", json, StringComparison.Ordinal);
        Assert.Contains("AmoCrm__WebhookSecret", json, StringComparison.Ordinal);
        Assert.Contains("GreenApi__WebhookToken", json, StringComparison.Ordinal);
    }
}
