using SalesCoach.Core.Deals.Runs;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting;
using Job = SalesCoach.Core.Deals.Runs.AnalyzeManagerDeals;

namespace SalesCoach.Functions.Functions;

/// <summary>Queue "{prefix}-manager-analysis": one manager's share of a team run (the fan-out).</summary>
public static class AnalyzeManagerDeals
{
    public const string Binding = "message";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/" + nameof(AnalyzeManagerDeals), HandleAsync).WithName(nameof(AnalyzeManagerDeals));

    private static async Task<InvocationResponse> HandleAsync(InvocationRequest request, Job job, FunctionCatalog catalog, CancellationToken cancellationToken)
    {
        var message = request.QueueMessage<ManagerWorkMessage>(Binding);
        if (!Keys.IsValidId(message.RunId) || !Keys.IsValidId(message.ManagerId))
        {
            throw new InvalidInvocationException($"Data.{Binding} needs valid run_id and manager_id.");
        }
        await job.RunAsync(message, request.DequeueCount(), catalog.Queues.MaxDequeueCount, cancellationToken);
        return InvocationResponse.Completed($"Run {message.RunId}: manager {message.ManagerId} processed.");
    }
}
