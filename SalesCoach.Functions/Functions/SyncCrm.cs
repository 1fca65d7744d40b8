using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Crm.Sync;

namespace SalesCoach.Functions.Functions;

/// <summary>POST /api/sync/{source}: queues a pull of amocrm or retailcrm (202; progress at /api/sync/status).</summary>
public static class SyncCrm
{
    public sealed record Response(string Status, string Source, string StatusUrl);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/sync/{source}", HandleAsync).WithName(nameof(SyncCrm));

    private static async Task<Accepted<Response>> HandleAsync(string source, RunSync sync, CancellationToken cancellationToken)
    {
        await sync.QueueAsync(source, cancellationToken);
        return TypedResults.Accepted("/api/sync/status", new Response("queued", source, "/api/sync/status"));
    }
}
