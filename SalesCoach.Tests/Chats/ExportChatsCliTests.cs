using System.Diagnostics;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Chats;

[Collection(AzuriteCollection.Name)]
public sealed class ExportChatsCliTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Export_writes_one_csv_per_table_into_a_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "chats-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "SalesCoach.Functions.dll"), "export-chats", "2026-11-16", "2026-11-23", folder },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["AzureWebJobsStorage"] = azurite.ConnectionString;
        start.Environment["SalesCoach__StoragePrefix"] = AzuriteFixture.NewPrefix();
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, await errors);
        Assert.Contains($"export: {SalesCoach.Core.Chats.ChatReport.TableNames.Count}/{SalesCoach.Core.Chats.ChatReport.TableNames.Count} tables written", await errors, StringComparison.Ordinal);
        Assert.Equal(SalesCoach.Core.Chats.ChatReport.TableNames.Select(t => t + ".csv").Order(), Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.StartsWith("chat_id,channel,manager_id", await File.ReadAllTextAsync(Path.Combine(folder, "chats_raw.csv")), StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }
}
