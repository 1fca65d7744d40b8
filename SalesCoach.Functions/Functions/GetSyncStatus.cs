using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Crm.Sync;

namespace SalesCoach.Functions.Functions;

/// <summary>GET /api/sync/status: per source, whether it is configured, its last pull and its cursor.</summary>
public static class GetSyncStatus
{
    public sealed record SourceStatus(string Source, bool Configured, SyncState State);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/sync/status", HandleAsync).WithName(nameof(GetSyncStatus));

    private static async Task<Ok<IReadOnlyList<SourceStatus>>> HandleAsync(RunSync sync, SyncRepository states, CancellationToken cancellationToken)
    {
        var result = new List<SourceStatus>();
        foreach (var source in sync.Sources)
        {
            var (state, _) = await states.GetAsync(source.Name, cancellationToken);
            result.Add(new SourceStatus(source.Name, source.IsConfigured, state));
        }
        return TypedResults.Ok<IReadOnlyList<SourceStatus>>(result);
    }
}
