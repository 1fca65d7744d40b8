using System.Reflection;
using System.Text.RegularExpressions;
using NCrontab;
using SalesCoach.Core.Crm.Sync;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;
using SalesCoach.Functions.Hosting.Standalone;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Hosting;

/// <summary>The Worker SDK's functions.metadata is the one definition of the triggers: the README says the same, and both modes can run it.</summary>
public sealed partial class FunctionMetadataTests
{
    private static readonly FunctionIndex Index = FunctionIndex.Load(AppContext.BaseDirectory, typeof(HostSettings).Assembly);

    /// <summary>README rows "| `Name` | `trigger` | …" of the function tables.</summary>
    private static Dictionary<string, string> ReadmeTriggers()
    {
        var rows = new Dictionary<string, string>();
        foreach (Match match in ReadmeRow().Matches(File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"))))
        {
            Assert.True(rows.TryAdd(match.Groups[1].Value, match.Groups[2].Value), $"{match.Groups[1].Value} is listed twice in the README");
        }
        return rows;
    }

    private static string Expected(FunctionEntry function) => function.Kind switch
    {
        TriggerKind.Http => $"{string.Join(',', function.Methods)} /api/{function.Route}",
        TriggerKind.Timer => $"timer {function.Schedule}",
        TriggerKind.Queue => $"queue {function.QueueName}",
        TriggerKind.Orchestration => "orchestration",
        _ => "activity",
    };

    [Fact]
    public void The_readme_lists_every_function_with_the_trigger_the_metadata_gives_and_nothing_else()
    {
        var readme = ReadmeTriggers();
        Assert.Equal(Index.Functions.Select(f => f.Name).Order(), readme.Keys.Order());
        foreach (var function in Index.Functions)
        {
            Assert.Equal(Expected(function), readme[function.Name]);
        }
    }

    [Fact]
    public void The_metadata_holds_every_kind_of_trigger_the_app_uses()
    {
        Assert.Equal(
            [TriggerKind.Http, TriggerKind.Timer, TriggerKind.Queue, TriggerKind.Orchestration, TriggerKind.Activity],
            Index.Functions.Select(f => f.Kind).Distinct().Order());
        Assert.Equal("TeamRun", Index.OfKind(TriggerKind.Orchestration).Single().Name);
        Assert.Equal(["AnalyzeManagerDeals", "QueueManagerSummary", "RefreshWinModel"], Index.OfKind(TriggerKind.Activity).Select(f => f.Name).Order());
    }

    [Fact]
    public void Standalone_mode_can_bind_every_function()
    {
        foreach (var function in Index.Functions)
        {
            FunctionInvoker.Validate(function);
        }
    }

    [Fact]
    public void A_parameter_standalone_cannot_bind_is_refused_with_the_function_and_parameter_named()
    {
        var method = typeof(FunctionMetadataTests).GetMethod(nameof(Unbindable), BindingFlags.NonPublic | BindingFlags.Static)!;
        var trigger = new System.Text.Json.Nodes.JsonObject { ["name"] = "message", ["type"] = "queueTrigger", ["queueName"] = "q" };
        var error = Assert.Throws<InvalidOperationException>(() => FunctionInvoker.Validate(new FunctionEntry("Odd", "x.Odd", TriggerKind.Queue, trigger, [trigger], method)));
        Assert.Contains("Odd", error.Message, StringComparison.Ordinal);
        Assert.Contains("retries", error.Message, StringComparison.Ordinal);
    }

    private static Task Unbindable(string message, int retries) => Task.CompletedTask;

    [Fact]
    public void Every_http_function_describes_itself_for_the_openapi_document()
    {
        var document = OpenApiDocument.Build(Index, "api");
        var paths = document["paths"]!.AsObject();
        foreach (var function in Index.OfKind(TriggerKind.Http))
        {
            Assert.NotNull(function.Method.GetCustomAttribute<ApiOperationAttribute>());
            var path = "/api/" + function.Route;
            var operation = paths[path]?[function.Methods.Single().ToLowerInvariant()];
            Assert.True(operation is not null, $"{path} missing from the OpenAPI document");
            Assert.Equal(function.Name, operation!["operationId"]!.GetValue<string>());
            Assert.DoesNotContain("seed", operation["summary"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void The_queue_trigger_resolves_to_the_queue_core_writes_to()
    {
        var options = new StorageOptions { ConnectionString = "UseDevelopmentStorage=true", Prefix = "abc" };
        var queue = FunctionIndex.ResolveSettings(Index.Functions.Single(f => f.Name == "RunCrmSync").QueueName!,
            setting => setting == "SalesCoach:StoragePrefix" ? options.Prefix : null);
        Assert.Equal(options.QueueName(RunSync.QueueName), queue);
    }

    [Fact]
    public void Timer_schedules_are_six_field_ncrontab_and_the_daily_review_runs_hourly()
    {
        var daily = Index.Functions.Single(f => f.Name == "DailyReview").Schedule!;
        var from = new DateTime(2026, 11, 23, 5, 30, 0, DateTimeKind.Utc);
        Assert.Equal(new DateTime(2026, 11, 23, 6, 0, 0, DateTimeKind.Utc), TimerTriggers.Parse(daily).GetNextOccurrence(from));
        foreach (var timer in Index.OfKind(TriggerKind.Timer))
        {
            var expression = FunctionIndex.ResolveSettings(timer.Schedule!, s => AppSettings.Defaults[s]);
            Assert.Equal(6, expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
            CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        }
    }

    [Fact]
    public void Unresolvable_binding_setting_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionIndex.ResolveSettings("%Missing%-q", _ => null));
        Assert.Contains("Missing", error.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\| `([A-Z][A-Za-z]+)` \| `([^`]+)` \|", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();
}
