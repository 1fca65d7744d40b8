// Owns POST /api/sync/{source}: queues an incremental pull of amoCRM or RetailCRM.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Crm.Sync;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Crm;

public sealed class SyncCrm(RunSync sync)
{
    public sealed record Response(string Status, string Source, string StatusUrl);

    [Function(nameof(SyncCrm))]
    [ApiOperation("Queues an incremental pull of a CRM (amocrm or retailcrm); 409 while one is queued or running, 422 when the source is not configured.", Response = typeof(Response), Status = 202)]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "sync/{source}")] HttpRequest request, string source, CancellationToken cancellationToken)
    {
        await sync.QueueAsync(source, cancellationToken);
        return TypedResults.Accepted("/api/sync/status", new Response("queued", source, "/api/sync/status"));
    }
}
