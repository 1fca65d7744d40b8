using SalesCoach.Core.Crm.Import;
using SalesCoach.Core.Storage;
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
    catch (Exception e) when (e is SalesCoach.Core.Errors.SalesCoachException or IOException)
    {
        Console.Error.WriteLine($"Import refused, nothing written: {(e is SalesCoach.Core.Errors.InputValidationException v ? v.Field + ": " : "")}{e.Message}");
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
