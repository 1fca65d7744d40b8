using SalesCoach.Functions.Hosting;
using Job = SalesCoach.Core.Chats.SendChatReports;

namespace SalesCoach.Functions.Functions;

/// <summary>Timer "0 0 * * * *": at the team's report hour, the daily chat report (and on Mondays the weekly digest).</summary>
public static class SendChatReports
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/" + nameof(SendChatReports), HandleAsync).WithName(nameof(SendChatReports));

    private static async Task<InvocationResponse> HandleAsync(InvocationRequest request, Job job, CancellationToken cancellationToken)
    {
        var result = await job.RunAsync(force: false, cancellationToken);
        return InvocationResponse.Completed(result.Due
            ? $"Chat reports: {result.TeamsDue} teams due, {result.ManagerReports} manager reports, {result.TeamReports} team views, weekly {result.Weekly}."
            : "Chat reports: no team is at its report hour.");
    }
}
