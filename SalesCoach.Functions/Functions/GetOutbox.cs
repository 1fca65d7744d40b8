using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Functions;

/// <summary>GET /api/outbox?status=pending&amp;manager_id=…&amp;limit=100: the Telegram outbox (the sink when no bot token is set).</summary>
public static class GetOutbox
{
    public sealed record Response(int Count, IReadOnlyList<OutboxMessage> Messages);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/outbox", HandleAsync).WithName(nameof(GetOutbox));

    private static async Task<Ok<Response>> HandleAsync(
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "status")] string? status,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "manager_id")] string? managerId,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "limit")] string? limit,
        OutboxRepository outbox,
        CancellationToken cancellationToken)
    {
        var statusFilter = QueryValues.Enum<OutboxStatus>(status, "status");
        if (managerId is not null)
        {
            Keys.RequireId(managerId, "manager_id");
        }
        var max = QueryValues.Int(limit, "limit", defaultValue: 100, min: 1, max: 1000);
        var messages = await outbox.ListAsync(statusFilter, managerId, max, cancellationToken);
        return TypedResults.Ok(new Response(messages.Count, messages));
    }
}
