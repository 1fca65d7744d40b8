// Owns GET /api/sync/status: each CRM source's last pull and cursor.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Crm.Sync;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Crm;

public sealed class GetSyncStatus(RunSync sync, SyncRepository states)
{
    public sealed record SourceStatus(string Source, bool Configured, SyncState State);

    [Function(nameof(GetSyncStatus))]
    [ApiOperation("Per CRM source: whether it is configured, the last pull's status, counts and rejected records, and the cursor.", Response = typeof(IReadOnlyList<SourceStatus>))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "sync/status")] HttpRequest request, CancellationToken cancellationToken)
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
