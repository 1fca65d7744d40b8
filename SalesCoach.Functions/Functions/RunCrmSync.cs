using SalesCoach.Core.Crm.Sync;
using SalesCoach.Functions.Hosting;

namespace SalesCoach.Functions.Functions;

/// <summary>Queue "{prefix}-crm-sync": runs one queued pull.</summary>
public static class RunCrmSync
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/" + nameof(RunCrmSync), HandleAsync).WithName(nameof(RunCrmSync));

    private static async Task<InvocationResponse> HandleAsync(InvocationRequest request, RunSync sync, CancellationToken cancellationToken)
    {
        var message = request.QueueMessage<SyncMessage>("message");
        var state = await sync.RunAsync(message.Source, cancellationToken);
        return InvocationResponse.Completed($"Sync {message.Source}: {state.Status.ToString().ToLowerInvariant()}, {state.LastCounts.Deals} deals, {state.LastRejected} rejected.");
    }
}
