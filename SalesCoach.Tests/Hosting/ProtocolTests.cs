using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using NCrontab;
using SalesCoach.Core.Deals.Runs;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Hosting;

/// <summary>
/// The custom-handler contract: the handler answers the Functions host's invocation payloads with
/// Outputs / Logs / ReturnValue, and its endpoints, queues and schedules agree with function.json.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProtocolTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestApp app = null!;
    private FunctionCatalog catalog = null!;

    public async Task InitializeAsync()
    {
        app = await TestApp.StartAsync(azurite, dispatcher: false);
        catalog = app.Get<FunctionCatalog>();
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private static void AssertInvocationResponse(JsonElement body)
    {
        Assert.Equal(JsonValueKind.Object, body.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Array, body.GetProperty("Logs").ValueKind);
        Assert.True(body.TryGetProperty("ReturnValue", out _));
    }

    [Fact]
    public async Task Queue_invocation_is_answered_with_outputs_logs_and_return_value()
    {
        var storage = app.Get<StorageAccount>();
        await new RunRepository(storage).CreateAsync(new TeamRun
        {
            Id = "proto1", Trigger = "test", Status = RunStatus.Running, Total = 1, Done = 0, Failed = 0, CreatedAt = DateTimeOffset.UtcNow,
        }, ["m-x"], default);
        await new ManagerRepository(storage).UpsertAsync(DealBuilder.Manager("m-x"), default);

        // What the host sends for a queueTrigger: the message text as a JSON string, and the queue metadata.
        var payload = """
            {
              "Data": { "message": "{\"run_id\":\"proto1\",\"manager_id\":\"m-x\"}" },
              "Metadata": {
                "DequeueCount": 1, "Id": "b7c4d6f2-1", "PopReceipt": "AgAAAA==",
                "InsertionTime": "2026-11-23T09:00:00+00:00", "ExpirationTime": "2026-11-30T09:00:00+00:00",
                "NextVisibleTime": "2026-11-23T09:10:00+00:00",
                "sys": { "MethodName": "AnalyzeManagerDeals", "UtcNow": "2026-11-23T09:00:00Z", "RandGuid": "0f8fad5b-d9cb-469f-a165-70867728950e" }
              }
            }
            """;
        var response = await app.Client.PostAsync("/AnalyzeManagerDeals", new StringContent(payload, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await app.JsonAsync(response);
        AssertInvocationResponse(body);
        Assert.Contains("proto1", body.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await new RunRepository(storage).GetAsync("proto1", default))!.Done);
    }

    [Fact]
    public async Task Queue_message_already_parsed_as_an_object_is_accepted_too()
    {
        var response = await app.Client.PostAsJsonAsync("/FinalizeTeamRun", new
        {
            Data = new { message = new { run_id = "no-such-run" } },
            Metadata = new { DequeueCount = "1" },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertInvocationResponse(await app.JsonAsync(response));
    }

    [Fact]
    public async Task Timer_invocation_is_answered_with_logs()
    {
        var payload = """
            {
              "Data": { "timer": { "Schedule": { "AdjustForDST": true }, "ScheduleStatus": null, "IsPastDue": false } },
              "Metadata": { "sys": { "MethodName": "DailyReview", "UtcNow": "2026-11-23T05:00:00Z" } }
            }
            """;
        var response = await app.Client.PostAsync("/DailyReview", new StringContent(payload, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await app.JsonAsync(response);
        AssertInvocationResponse(body);
        Assert.NotEmpty(body.GetProperty("Logs").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"Data":{},"Metadata":{}}""")]
    [InlineData("""{"Data":{"message":"not json"},"Metadata":{}}""")]
    [InlineData("""{"Data":{"message":"{\"run_id\":\"../x\",\"manager_id\":\"m\"}"},"Metadata":{}}""")]
    [InlineData("""{"Data":{"message":"{\"run_id\":\"r\",\"manager_id\":\"m\"}"},"Metadata":{"DequeueCount":"many"}}""")]
    [InlineData("""{"Data": """)]
    public async Task Unusable_invocation_payload_is_400_problem_so_the_host_retries_and_poisons_it(string payload)
    {
        var response = await app.Client.PostAsync("/AnalyzeManagerDeals", new StringContent(payload, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void Host_json_declares_this_executable_as_the_custom_handler_with_http_forwarding()
    {
        var handler = catalog.Host["customHandler"]!;
        Assert.Equal("SalesCoach.Functions", handler["description"]!["defaultExecutablePath"]!.GetValue<string>());
        Assert.True(handler["enableForwardingHttpRequest"]!.GetValue<bool>());
        Assert.Equal("api", catalog.Host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
    }

    [Fact]
    public void Every_function_has_one_trigger_and_an_endpoint_the_host_can_reach()
    {
        var endpoints = app.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Route: "/" + e.RoutePattern.RawText!.TrimStart('/'), Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .ToList();
        Assert.Equal(42, catalog.Functions.Count);
        foreach (var function in catalog.Functions)
        {
            var trigger = function.Trigger;
            if (trigger.Type == "httpTrigger")
            {
                // Forwarded requests keep their path: /api/<route>.
                var route = "/api/" + trigger.Route;
                Assert.Contains(endpoints, e => e.Route == route && trigger.Methods.All(m => e.Methods.Contains(m.ToUpperInvariant())));
            }
            else
            {
                Assert.Contains(endpoints, e => e.Route == "/" + function.Name && e.Methods.Contains("POST"));
            }
        }
    }

    [Fact]
    public void Queue_trigger_names_resolve_to_the_queues_core_writes_to()
    {
        var options = app.Get<StorageOptions>();
        string Resolve(string name) => FunctionCatalog.ResolveSettings(
            catalog.Functions.Single(f => f.Name == name).Trigger.QueueName!,
            setting => setting == "SalesCoach__StoragePrefix" ? options.Prefix : null);
        Assert.Equal(options.QueueName(QueueNames.ManagerAnalysis), Resolve("AnalyzeManagerDeals"));
        Assert.Equal(options.QueueName(QueueNames.RunFinalize), Resolve("FinalizeTeamRun"));
        Assert.Equal(options.QueueName(SalesCoach.Core.Crm.Sync.RunSync.QueueName), Resolve("RunCrmSync"));
    }

    [Fact]
    public void Timer_schedules_are_six_field_ncrontab_and_the_daily_review_runs_hourly()
    {
        var daily = catalog.Functions.Single(f => f.Name == "DailyReview").Trigger;
        Assert.Equal("0 0 * * * *", daily.Schedule);
        var schedule = CrontabSchedule.Parse(daily.Schedule!, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        var from = new DateTime(2026, 11, 23, 5, 30, 0, DateTimeKind.Utc);
        Assert.Equal(new DateTime(2026, 11, 23, 6, 0, 0, DateTimeKind.Utc), schedule.GetNextOccurrence(from));

        var outbox = catalog.Functions.Single(f => f.Name == "SendOutbox").Trigger.Schedule!;
        var resolved = FunctionCatalog.ResolveSettings(outbox, s => SalesCoachApp.Defaults[s.Replace("__", ":", StringComparison.Ordinal)]);
        CrontabSchedule.Parse(resolved, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
    }

    [Fact]
    public void Unresolvable_binding_setting_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.ResolveSettings("%Missing%-q", _ => null));
        Assert.Contains("Missing", error.Message, StringComparison.Ordinal);
    }
}
