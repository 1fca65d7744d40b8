// Owns POST /api/webhooks/greenapi: WhatsApp messages from GREEN-API, authenticated by its bearer token before the body is read.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Crm.GreenApi;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;
using Job = SalesCoach.Core.Crm.GreenApi.ReceiveGreenApiWebhook;

namespace SalesCoach.Functions.Functions.Crm;

public sealed class GreenApiWebhook(Job job)
{
    public const int MaxBodyBytes = 256 * 1024;

    /// <param name="Status">"stored" (a message), "amended" (an edit or deletion of <paramref name="MessageId"/>) or "ignored" (any other notification; unknown types are counted).</param>
    public sealed record Response(string Status, string TypeWebhook, string? ChatId, string? MessageId);

    [Function(nameof(GreenApiWebhook))]
    [ApiOperation("Receives GREEN-API (WhatsApp) notifications: messages of every type are stored in their chat, edits and deletions amend the message they name; other notification types are acknowledged (unknown ones counted). Authorization: Bearer <webhookUrlToken>, checked before the body is read.", Response = typeof(Response))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/greenapi")] HttpRequest request, CancellationToken cancellationToken)
    {
        var delivery = await job.RunAsync(request.Headers.Authorization.ToString(), token => RequestBody.ReadBytesAsync(request, MaxBodyBytes, token), cancellationToken);
        return TypedResults.Ok(delivery switch
        {
            { Outcome: GreenApiOutcome.Message } => new Response("stored", delivery.TypeWebhook, delivery.Chat?.Id, delivery.Message?.Id),
            { Outcome: GreenApiOutcome.Amendment } => new Response("amended", delivery.TypeWebhook, delivery.Amendment?.ChatId, delivery.Amendment?.MessageId),
            _ => new Response("ignored", delivery.TypeWebhook, null, null),
        });
    }
}
