using Microsoft.Extensions.DependencyInjection;
using SalesCoach.Functions.Hosting;

namespace SalesCoach.Tests.Hosting;

/// <summary>
/// The production shape, short of a Functions host (Core Tools cannot run here): the isolated worker
/// builds with the arguments a host passes, and its container can create every function class.
/// </summary>
public sealed class WorkerHostTests
{
    private static readonly string[] HostArgs =
    [
        "--functions-uri", "http://127.0.0.1:1/", "--functions-worker-id", "w1", "--functions-request-id", "r1",
        "--functions-grpc-max-message-length", "2147483647",
        "--AzureWebJobsStorage", "UseDevelopmentStorage=true",
    ];

    [Fact]
    public void A_functions_host_is_recognised_by_the_address_it_passes()
    {
        Assert.True(WorkerHost.IsHosted(HostArgs));
        Assert.False(WorkerHost.IsHosted(["import", "file.json"]));
    }

    [Fact]
    public void The_worker_builds_and_every_function_class_can_be_created_from_its_services()
    {
        using var host = WorkerHost.Build(HostArgs);
        var index = host.Services.GetRequiredService<FunctionIndex>();
        using var scope = host.Services.CreateScope();
        foreach (var type in index.Functions.Where(f => !f.Method.IsStatic).Select(f => f.Method.DeclaringType!).Distinct())
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
        }
    }
}
