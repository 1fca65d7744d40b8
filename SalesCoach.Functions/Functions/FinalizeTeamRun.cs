using SalesCoach.Core.Deals.Runs;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting;
using Job = SalesCoach.Core.Deals.Runs.FinalizeTeamRun;

namespace SalesCoach.Functions.Functions;

/// <summary>Queue "{prefix}-run-finalize": the fan-in; queues the managers' summaries and completes the run.</summary>
public static class FinalizeTeamRun
{
    public const string Binding = "message";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/" + nameof(FinalizeTeamRun), HandleAsync).WithName(nameof(FinalizeTeamRun));

    private static async Task<InvocationResponse> HandleAsync(InvocationRequest request, Job job, CancellationToken cancellationToken)
    {
        var message = request.QueueMessage<RunFinalizeMessage>(Binding);
        if (!Keys.IsValidId(message.RunId))
        {
            throw new InvalidInvocationException($"Data.{Binding} needs a valid run_id.");
        }
        await job.RunAsync(message, cancellationToken);
        return InvocationResponse.Completed($"Run {message.RunId} finalized.");
    }
}
