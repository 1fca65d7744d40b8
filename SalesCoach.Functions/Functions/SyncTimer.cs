using SalesCoach.Core.Crm.Sync;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting;

namespace SalesCoach.Functions.Functions;

/// <summary>Timer "0 */15 * * * *": queues an incremental pull of every configured CRM.</summary>
public static class SyncTimer
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/" + nameof(SyncTimer), HandleAsync).WithName(nameof(SyncTimer));

    private static async Task<InvocationResponse> HandleAsync(InvocationRequest request, RunSync sync, CancellationToken cancellationToken)
    {
        var logs = new List<string>();
        foreach (var source in sync.Sources.Where(s => s.IsConfigured))
        {
            try
            {
                await sync.QueueAsync(source.Name, cancellationToken);
                logs.Add($"{source.Name}: queued");
            }
            catch (ConflictException e)
            {
                logs.Add($"{source.Name}: {e.Message}");
            }
        }
        return InvocationResponse.Completed(logs.Count == 0 ? ["No CRM is configured."] : [.. logs]);
    }
}
