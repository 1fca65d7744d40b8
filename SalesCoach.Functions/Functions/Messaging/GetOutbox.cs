// Owns GET /api/outbox: the Telegram outbox (the sink when no bot token is set).
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Messaging;

public sealed class GetOutbox(OutboxRepository outbox)
{
    public sealed record Response(int Count, IReadOnlyList<OutboxMessage> Messages, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] string? Next);

    [Function(nameof(GetOutbox))]
    [ApiOperation("The Telegram outbox, a page at a time (manager by manager): what was or will be sent to each manager. Follow next (null on the last page).", Response = typeof(Response))]
    [ApiQuery("status", "string", "pending, sent or failed.")]
    [ApiQuery("manager_id", "string", "Only this manager's messages.")]
    [ApiQuery("limit", "integer", "Page size, 1–1000, default 100.")]
    [ApiQuery("continuation", "string", "The next token of the previous page.")]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "outbox")] HttpRequest request, CancellationToken cancellationToken)
    {
        var statusFilter = QueryValues.Enum<OutboxStatus>(request.Query["status"], "status");
        string? managerId = request.Query["manager_id"];
        if (managerId is not null)
        {
            Keys.RequireId(managerId, "manager_id");
        }
        var max = QueryValues.Int(request.Query["limit"], "limit", defaultValue: 100, min: 1, max: 1000);
        var page = await outbox.PageAsync(statusFilter, managerId, max, request.Query["continuation"], cancellationToken);
        return TypedResults.Ok(new Response(page.Items.Count, page.Items, page.Next));
    }
}
