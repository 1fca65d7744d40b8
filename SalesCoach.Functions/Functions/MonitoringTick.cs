using SalesCoach.Functions.Hosting;
using Job = SalesCoach.Core.Deals.Runs.MonitoringTick;

namespace SalesCoach.Functions.Functions;

/// <summary>Timer "0 * * * * *": starts the periodic monitoring run when it is due.</summary>
public static class MonitoringTick
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/" + nameof(MonitoringTick), HandleAsync).WithName(nameof(MonitoringTick));

    private static async Task<InvocationResponse> HandleAsync(InvocationRequest request, Job job, CancellationToken cancellationToken)
    {
        var run = await job.RunAsync(cancellationToken);
        return InvocationResponse.Completed(run is null ? "Monitoring: nothing due." : $"Monitoring run {run.Id} started for {run.Total} managers.");
    }
}
