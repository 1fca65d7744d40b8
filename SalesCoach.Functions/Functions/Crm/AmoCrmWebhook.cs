// Owns POST /api/webhooks/amocrm: amoCRM's form-encoded events, acknowledged within amoCRM's 2 s and processed from a queue.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Crm.AmoCrm;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Crm;

public sealed class AmoCrmWebhook(AcceptAmoCrmWebhook job)
{
    [Function(nameof(AmoCrmWebhook))]
    [ApiOperation("Receives amoCRM webhooks as amoCRM sends them (application/x-www-form-urlencoded, authenticated by ?secret=): the body is stored and queued, and the answer comes at once. Events the app does not use are acknowledged and ignored.", Response = typeof(AmoCrmAcceptance))]
    [ApiQuery("secret", "string", "The shared secret configured in the webhook's URL.", Required = true)]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/amocrm")] HttpRequest request, CancellationToken cancellationToken)
    {
        job.Authenticate(request.Query["secret"]);
        if (!request.HasFormContentType)
        {
            throw new InputValidationException("Content-Type", "amoCRM webhooks are application/x-www-form-urlencoded.");
        }
        var body = await RequestBody.ReadBytesAsync(request, AmoCrmDeliveries.MaxBodyBytes, cancellationToken);
        return TypedResults.Ok(await job.RunAsync(body, cancellationToken));
    }
}

public sealed class ProcessAmoCrmWebhook(Core.Crm.AmoCrm.ProcessAmoCrmWebhook job)
{
    [Function(nameof(ProcessAmoCrmWebhook))]
    public async Task RunAsync([QueueTrigger("%SalesCoach:StoragePrefix%-" + AmoCrmDeliveries.QueueName, Connection = "AzureWebJobsStorage")] AmoCrmDeliveryMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await job.RunAsync(message.DeliveryId, cancellationToken);
    }
}

public sealed class GetAmoCrmDelivery(AmoCrmDeliveries deliveries)
{
    public sealed record Response(string Id, string Status, DateTimeOffset ReceivedAt, DateTimeOffset? ProcessedAt, string? Field, string? Error, AmoCrmWebhookResult? Result);

    [Function(nameof(GetAmoCrmDelivery))]
    [ApiOperation("What became of one amoCRM delivery: received (queued), processed (with counts of deals, activities, stage moves and ignored events) or rejected (with the form key at fault).", Response = typeof(Response))]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "webhooks/amocrm/deliveries/{deliveryId}")] HttpRequest request, string deliveryId, CancellationToken cancellationToken)
    {
        Keys.RequireId(deliveryId, "deliveryId");
        var delivery = await deliveries.GetAsync(deliveryId, cancellationToken) ?? throw new NotFoundException("Delivery", deliveryId);
        return TypedResults.Ok(new Response(delivery.Id, delivery.Status.ToString().ToLowerInvariant(), delivery.ReceivedAt, delivery.ProcessedAt,
            delivery.Field, delivery.Error, delivery.Result));
    }
}
