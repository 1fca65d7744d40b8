// Owns POST /api/webhooks/amocrm: amoCRM's form-encoded lead events, authenticated by the secret in the URL.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Crm.AmoCrm;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Crm;

public sealed class AmoCrmWebhook(ReceiveAmoCrmWebhook job)
{
    public const int MaxBodyBytes = 512 * 1024;

    [Function(nameof(AmoCrmWebhook))]
    [ApiOperation("Receives amoCRM lead events (add, update, status, delete, note) as amoCRM sends them: application/x-www-form-urlencoded, authenticated by ?secret=.", Response = typeof(AmoCrmWebhookResult))]
    [ApiQuery("secret", "string", "The shared secret configured in the webhook's URL.", Required = true)]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/amocrm")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw new PayloadTooLargeException(MaxBodyBytes);
        }
        if (!request.HasFormContentType)
        {
            throw new InputValidationException("Content-Type", "amoCRM webhooks are application/x-www-form-urlencoded.");
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { ValueCountLimit = 5000, KeyLengthLimit = 300, ValueLengthLimit = 64 * 1024 }, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new InputValidationException("$", $"The form body is malformed or too large: {e.Message}");
        }
        var fields = form.Select(pair => new KeyValuePair<string, string>(pair.Key, pair.Value.ToString()));
        return TypedResults.Ok(await job.RunAsync(request.Query["secret"], fields, cancellationToken));
    }
}
