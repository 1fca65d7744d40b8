// Owns POST /api/webhooks/greenapi: WhatsApp messages from GREEN-API, authenticated by its bearer token.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;
using Job = SalesCoach.Core.Crm.GreenApi.ReceiveGreenApiWebhook;

namespace SalesCoach.Functions.Functions.Crm;

public sealed class GreenApiWebhook(Job job)
{
    public const int MaxBodyBytes = 256 * 1024;

    public sealed record Response(string Status, string TypeWebhook, string? ChatId, string? MessageId);

    [Function(nameof(GreenApiWebhook))]
    [ApiOperation("Receives GREEN-API (WhatsApp) notifications: incoming and outgoing messages are stored in their chat; other notification types are acknowledged. Authorization: Bearer <webhookUrlToken>.", Response = typeof(Response))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/greenapi")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadElementAsync(request, MaxBodyBytes, cancellationToken);
        var delivery = await job.RunAsync(request.Headers.Authorization.ToString(), body, cancellationToken);
        return TypedResults.Ok(new Response(delivery.Message is null ? "ignored" : "stored", delivery.TypeWebhook, delivery.Chat?.Id, delivery.Message?.Id));
    }
}
