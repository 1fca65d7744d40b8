using System.Diagnostics;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Crm;

/// <summary>"SalesCoach.Functions import &lt;file&gt;": the generic import from the command line, as a real process.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ImportCliTests(AzuriteFixture azurite)
{
    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string file, string prefix, string connection)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "SalesCoach.Functions.dll"), "import", file },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["AzureWebJobsStorage"] = connection;
        start.Environment["SalesCoach__StoragePrefix"] = prefix;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }

    [Fact]
    public async Task Imports_a_file_and_prints_the_counts()
    {
        var prefix = AzuriteFixture.NewPrefix();
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """
            [{"type":"manager","id":"m1","name":"Иван","time_zone":"Europe/Moscow"},
             {"type":"deal","id":"d1","name":"Поставка","manager_id":"m1","budget":450000,"stage":"Переговоры","created_at":"2026-11-01T10:00:00Z"}]
            """);
        var (exit, output, errors) = await RunAsync(file, prefix, azurite.ConnectionString);

        Assert.True(exit == 0, errors);
        Assert.Contains("\"deals\":1", output, StringComparison.Ordinal);
        Assert.Contains("import: 100 % (", errors, StringComparison.Ordinal); // the progress line, on stderr
        var deals = new DealRepository(new StorageAccount(new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = prefix }));
        Assert.Equal("Поставка", (await deals.GetAsync("d1", default))!.Name);
        File.Delete(file);
    }

    [Fact]
    public async Task A_bad_file_exits_2_naming_the_record_and_writes_nothing()
    {
        var prefix = AzuriteFixture.NewPrefix();
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """[{"type":"manager","id":"m1","name":"Иван","time_zone":"Europe/Moscow"},{"type":"deal","id":"d/1","name":"x","manager_id":"m1","stage":"s","created_at":"2026-11-01T10:00:00Z"}]""");
        var (exit, _, errors) = await RunAsync(file, prefix, azurite.ConnectionString);

        Assert.Equal(2, exit);
        Assert.Contains("[1].id", errors, StringComparison.Ordinal);
        var managers = new ManagerRepository(new StorageAccount(new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = prefix }));
        Assert.Null(await managers.GetAsync("m1", default));
        File.Delete(file);
    }
}
