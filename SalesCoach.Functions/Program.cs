using SalesCoach.Core.Crm.Import;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting;

// "SalesCoach.Functions import <file.json>": the generic import from a file, without starting the server.
if (args is ["import", var path, ..])
{
    await using var app = SalesCoachApp.Build(args[2..], new Dictionary<string, string?> { ["SalesCoach:Dispatcher"] = "off" });
    try
    {
        await using var file = File.OpenRead(path);
        var result = await app.Services.GetRequiredService<ImportData>().RunAsync(file, CancellationToken.None);
        Console.WriteLine(Json.Serialize(result));
        return 0;
    }
    catch (Exception e) when (e is SalesCoach.Core.Platform.SalesCoachException or IOException)
    {
        Console.Error.WriteLine($"Import refused, nothing written: {(e is SalesCoach.Core.Platform.InputValidationException v ? v.Field + ": " : "")}{e.Message}");
        return 2;
    }
}

// "SalesCoach.Functions export-chats 2026-11-16 2026-11-23 report.xlsx" (or a folder: one CSV per table).
if (args is ["export-chats", var from, var to, var target, ..])
{
    await using var app = SalesCoachApp.Build(args[4..], new Dictionary<string, string?> { ["SalesCoach:Dispatcher"] = "off" });
    try
    {
        var report = await app.Services.GetRequiredService<SalesCoach.Core.Chats.BuildChatReport>().RunAsync(
            DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal),
            DateTimeOffset.Parse(to, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal),
            CancellationToken.None);
        if (target.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            await File.WriteAllBytesAsync(target, SalesCoach.Core.Chats.ChatReportExport.ToXlsx(report));
        }
        else
        {
            Directory.CreateDirectory(target);
            foreach (var table in report.Tables)
            {
                await File.WriteAllTextAsync(Path.Combine(target, table.Name + ".csv"), SalesCoach.Core.Chats.ChatReportExport.ToCsv(table));
            }
        }
        Console.WriteLine($"{report.Tables.Sum(t => t.Rows.Count)} rows in {report.Tables.Count} tables → {target}");
        return 0;
    }
    catch (Exception e) when (e is FormatException or SalesCoach.Core.Platform.SalesCoachException or IOException)
    {
        Console.Error.WriteLine($"Export refused: {e.Message}");
        return 2;
    }
}

// "SalesCoach.Functions bench-import 10000 40000": import throughput and memory (scripts/bench-import.sh).
if (args is ["bench-import", .. var sizes])
{
    return await SalesCoach.Functions.Cli.BenchImport.RunAsync(sizes.Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList());
}

// "SalesCoach.Functions bench-chats 1000000 50": seed-002 metrics time against parse time (scripts/bench-chats.sh).
if (args is ["bench-chats", var count, var managers])
{
    return await SalesCoach.Functions.Cli.BenchChats.RunAsync(
        int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), int.Parse(managers, System.Globalization.CultureInfo.InvariantCulture));
}

var server = SalesCoachApp.Build(args);
await server.RunAsync();
return 0;
