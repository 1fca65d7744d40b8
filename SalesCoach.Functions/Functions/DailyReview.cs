using SalesCoach.Functions.Hosting;
using Job = SalesCoach.Core.Deals.Runs.DailyReview;

namespace SalesCoach.Functions.Functions;

/// <summary>Timer "0 0 * * * *": every hour, review the managers whose local time is the review hour (08:00).</summary>
public static class DailyReview
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/" + nameof(DailyReview), HandleAsync).WithName(nameof(DailyReview));

    private static async Task<InvocationResponse> HandleAsync(InvocationRequest request, Job job, CancellationToken cancellationToken)
    {
        var run = await job.RunAsync(cancellationToken);
        return InvocationResponse.Completed(run is null
            ? "No managers due for the daily review this hour."
            : $"Daily review run {run.Id} started for {run.Total} managers.");
    }
}
