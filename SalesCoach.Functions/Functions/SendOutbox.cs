using SalesCoach.Functions.Hosting;
using Job = SalesCoach.Core.Messaging.SendOutbox;

namespace SalesCoach.Functions.Functions;

/// <summary>Timer: drains the Telegram outbox within the rate limits (a no-op when no bot token is set).</summary>
public static class SendOutbox
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/" + nameof(SendOutbox), HandleAsync).WithName(nameof(SendOutbox));

    private static async Task<InvocationResponse> HandleAsync(InvocationRequest request, Job job, CancellationToken cancellationToken)
    {
        var result = await job.RunAsync(cancellationToken);
        return InvocationResponse.Completed(result.SinkMode
            ? "Telegram is not configured; the outbox is the sink."
            : $"Outbox: {result.Sent} sent, {result.Rescheduled} rescheduled, {result.Failed} failed.");
    }
}
