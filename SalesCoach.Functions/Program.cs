// Owns the entry point: the Functions isolated worker under a Functions host, the standalone host otherwise, and the command-line jobs.
using System.Globalization;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Crm.Import;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.Standalone;

// Under the Functions host (Azure, `func start`): the isolated worker; the host drives every trigger.
if (WorkerHost.IsHosted(args))
{
    return await HostStart.RunAsync(() => WorkerHost.Build(args), Console.Error);
}

// Command-line jobs use the services without serving anything.
var offline = new Dictionary<string, string?> { ["SalesCoach:Dispatcher"] = "off" };

// "SalesCoach.Functions import <file.json>": the generic import from a file.
if (args is ["import", var path, ..])
{
    await using var app = StandaloneHost.Build(args[2..], offline);
    try
    {
        // Progress goes to stderr (at most once a second); stdout stays the JSON result.
        await using var file = new SalesCoach.Functions.Cli.ProgressStream(File.OpenRead(path), Console.Error, "import", TimeProvider.System);
        var result = await app.Services.GetRequiredService<ImportData>().RunAsync(file, CancellationToken.None);
        Console.WriteLine(Json.Serialize(result));
        return 0;
    }
    catch (Exception e) when (e is SalesCoachException or IOException)
    {
        Console.Error.WriteLine($"Import refused, nothing written: {(e is InputValidationException v ? v.Field + ": " : "")}{e.Message}");
        return 2;
    }
}

// "SalesCoach.Functions export-chats 2026-11-16 2026-11-23 report.xlsx" (or a folder: one CSV per table).
if (args is ["export-chats", var from, var to, var target, ..])
{
    await using var app = StandaloneHost.Build(args[4..], offline);
    try
    {
        // Dates are local days in Chats__TimeZone, as in GET /api/reports/chats.
        Console.Error.WriteLine("export: reading and analysing the period's chats…");
        var report = await app.Services.GetRequiredService<BuildChatReport>().RunAsync(from, to, null, DateTimeOffset.UtcNow, CancellationToken.None);
        if (target.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            await File.WriteAllBytesAsync(target, ChatReportExport.ToXlsx(report));
        }
        else
        {
            Directory.CreateDirectory(target);
            foreach (var (table, i) in report.Tables.Select((table, i) => (table, i)))
            {
                await File.WriteAllTextAsync(Path.Combine(target, table.Name + ".csv"), ChatReportExport.ToCsv(table));
                Console.Error.WriteLine($"export: {i + 1}/{report.Tables.Count} tables written ({table.Name}, {table.Rows.Count} rows)");
            }
        }
        Console.WriteLine($"{report.Tables.Sum(t => t.Rows.Count)} rows in {report.Tables.Count} tables → {target}");
        return 0;
    }
    catch (Exception e) when (e is FormatException or SalesCoachException or IOException)
    {
        Console.Error.WriteLine($"Export refused: {e.Message}");
        return 2;
    }
}

// "SalesCoach.Functions index-chats": writes the chat report's period index for messages stored before it existed (once, after upgrading).
if (args is ["index-chats", ..])
{
    await using var app = StandaloneHost.Build(args[1..], offline);
    var indexed = await app.Services.GetRequiredService<ChatRepository>().IndexAllMessagesAsync(CancellationToken.None);
    Console.WriteLine($"{indexed} messages indexed by day");
    return 0;
}

// "SalesCoach.Functions register-telegram-bot [https://…/api/telegram/webhook]": setWebhook (secret, allowed updates) and setMyCommands for the managers' bot.
if (args is ["register-telegram-bot", .. var registerArgs])
{
    var url = registerArgs.Length > 0 && !registerArgs[0].StartsWith("--", StringComparison.Ordinal) ? registerArgs[0] : null;
    await using var app = StandaloneHost.Build(url is null ? registerArgs : registerArgs[1..], offline);
    try
    {
        var registration = await app.Services.GetRequiredService<SalesCoach.Core.Bot.RegisterTelegramBot>().RunAsync(url, CancellationToken.None);
        Console.WriteLine(Json.Serialize(registration));
        return 0;
    }
    catch (Exception e) when (e is SalesCoachException or Telegram.Bot.Exceptions.ApiRequestException or HttpRequestException)
    {
        Console.Error.WriteLine($"Registration refused: {e.Message}");
        return 2;
    }
}

// "SalesCoach.Functions bench-import 10000 40000": import throughput and memory (scripts/bench-import.sh).
if (args is ["bench-import", .. var sizes])
{
    return await SalesCoach.Functions.Cli.BenchImport.RunAsync(sizes.Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList());
}

// "SalesCoach.Functions bench-chats 1000000 50": chat metrics time against parse time (scripts/bench-chats.sh).
if (args is ["bench-chats", var count, var managers])
{
    return await SalesCoach.Functions.Cli.BenchChats.RunAsync(
        int.Parse(count, CultureInfo.InvariantCulture), int.Parse(managers, CultureInfo.InvariantCulture));
}

// "SalesCoach.Functions bench-chat-report 100000 10000": the week's chat report on storage against a raw scan (scripts/bench-chat-report.sh).
if (args is ["bench-chat-report", var reportMessages, var reportChats, ..])
{
    return await SalesCoach.Functions.Cli.BenchChatReport.RunAsync(int.Parse(reportMessages, CultureInfo.InvariantCulture), int.Parse(reportChats, CultureInfo.InvariantCulture));
}

// "SalesCoach.Functions bench-teamrun ../shared/data/crm-sales-opportunities [2017-10-01]": the win model's holdout evaluation and a team run on the public dataset (scripts/bench-teamrun.sh).
if (args is ["bench-teamrun", var dataset, ..])
{
    return await SalesCoach.Functions.Cli.BenchTeamRun.RunAsync(dataset,
        args.Length > 2 ? DateTimeOffset.Parse(args[2], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null);
}

// "SalesCoach.Functions bench-webhooks 50 20": amoCRM webhook acknowledgement times under concurrency (scripts/bench-webhooks.sh).
if (args is ["bench-webhooks", var concurrency, var rounds, ..])
{
    return await SalesCoach.Functions.Cli.BenchWebhooks.RunAsync(int.Parse(concurrency, CultureInfo.InvariantCulture), int.Parse(rounds, CultureInfo.InvariantCulture));
}

// "SalesCoach.Functions bench-outbox 1000 35 2": the outbox against Telegram's limits, with that many sender processes (scripts/bench-outbox.sh).
if (args is ["bench-outbox", var outboxMessages, var chats, var senders, ..])
{
    return await SalesCoach.Functions.Cli.BenchOutbox.RunAsync(
        int.Parse(outboxMessages, CultureInfo.InvariantCulture), int.Parse(chats, CultureInfo.InvariantCulture), int.Parse(senders, CultureInfo.InvariantCulture));
}

// "SalesCoach.Functions bench-interventions 20 10": webhook → outbox → Telegram latency of real-time interventions (scripts/bench-interventions.sh).
if (args is ["bench-interventions", var benchManagers, var benchRounds, ..])
{
    return await SalesCoach.Functions.Cli.BenchInterventions.RunAsync(int.Parse(benchManagers, CultureInfo.InvariantCulture), int.Parse(benchRounds, CultureInfo.InvariantCulture));
}

// "SalesCoach.Functions spin-accuracy SalesCoach.Tests/Chats/Spin/spin-corpus.tsv heldout": SPIN accuracy on a labelled corpus (scripts/spin-accuracy.sh).
if (args is ["spin-accuracy", var corpus, .. var rest])
{
    // The rules need nothing; the LLM path needs the app's services (Azure OpenAI client, storage for its cache).
    var settings = new ConfigurationBuilder();
    AppSettings.Layer(settings, readLocalSettings: true);
    var llmConfigured = (settings.AddEnvironmentVariables().Build().GetSection("OpenAI").Get<OpenAiOptions>() ?? new OpenAiOptions()).IsConfigured;
    await using var app = llmConfigured ? StandaloneHost.Build(rest.Length > 0 ? rest[1..] : [], offline) : null;
    return await SalesCoach.Functions.Cli.SpinAccuracy.RunAsync(
        app?.Services.GetRequiredService<ISpinClassifier>() as LlmSpinClassifier, corpus, rest.Length > 0 ? rest[0] : "heldout", Console.Out, Console.Error);
}

// "SalesCoach.Functions eval-assistant-retrieval heldout [--verbose] [--search azure]": the assistant's retrieval on the labelled sample questions (scripts/eval-assistant.sh).
if (args is ["eval-assistant-retrieval", var split, .. var evalFlags])
{
    return await SalesCoach.Functions.Cli.EvalAssistantRetrieval.RunAsync(split, evalFlags);
}

// "SalesCoach.Functions write-assistant-samples <folder>": the sample shop's knowledge-base documents and inventory.xlsx, to upload or to start from.
if (args is ["write-assistant-samples", var samplesFolder, ..])
{
    Directory.CreateDirectory(samplesFolder);
    foreach (var (name, content) in SalesCoach.Core.Assistant.Samples.AssistantSamples.KnowledgeDocuments())
    {
        await File.WriteAllBytesAsync(Path.Combine(samplesFolder, name), content);
    }
    await File.WriteAllBytesAsync(Path.Combine(samplesFolder, "inventory.xlsx"), SalesCoach.Core.Assistant.Stock.InventoryWorkbook.Sample());
    Console.WriteLine($"Sample knowledge base and inventory.xlsx → {samplesFolder}");
    return 0;
}

// "SalesCoach.Functions convert-dataset <folder> <file.json>": the public CRM dataset as a generic-import file.
if (args is ["convert-dataset", var folder, var output, ..])
{
    await using var file = File.Create(output);
    var (agents, deals) = await SalesCoach.Core.Demo.SalesOpportunitiesDataset.WriteImportAsync(folder, file, CancellationToken.None);
    Console.WriteLine($"{agents} managers, {deals} deals → {output}");
    return 0;
}

// Standalone: this process is the host (HTTP, timers, queues, Durable engine), for machines without Core Tools.
return await HostStart.RunAsync(() => StandaloneHost.Build(args), Console.Error);
