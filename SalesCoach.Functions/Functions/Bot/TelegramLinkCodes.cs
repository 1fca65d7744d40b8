// Owns POST /api/managers/{managerId}/telegram-link-code: a one-time code that links a manager's Telegram to the bot.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Bot;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Bot;

public sealed class TelegramLinkCodes(IssueLinkCode job)
{
    /// <param name="Instructions">What the manager does with the code.</param>
    public sealed record Response(string ManagerId, string Code, DateTimeOffset ExpiresAt, string Instructions);

    [Function("IssueTelegramLinkCode")]
    [ApiOperation("Issues a one-time code (15 minutes by default, single use) that the manager sends the bot as /start CODE to link their Telegram account. Unknown manager → 404.", Response = typeof(Response), Status = 201)]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "managers/{managerId}/telegram-link-code")] HttpRequest request, string managerId, CancellationToken cancellationToken)
    {
        var code = await job.RunAsync(managerId, cancellationToken);
        return TypedResults.Created((string?)null, new Response(code.ManagerId, code.Code, code.ExpiresAt, $"Send the bot: /start {code.Code}"));
    }
}
