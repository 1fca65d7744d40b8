using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SalesCoach.Core.Crm.AmoCrm;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Functions;

/// <summary>POST /api/webhooks/amocrm?secret=…: amoCRM's form-encoded lead events (add, update, status, delete, note).</summary>
public static class AmoCrmWebhook
{
    public const int MaxBodyBytes = 512 * 1024;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/webhooks/amocrm", HandleAsync).WithName(nameof(AmoCrmWebhook)).DisableAntiforgery();

    private static async Task<Ok<AmoCrmWebhookResult>> HandleAsync(HttpRequest request, [FromQuery(Name = "secret")] string? secret, ReceiveAmoCrmWebhook job, CancellationToken cancellationToken)
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
        return TypedResults.Ok(await job.RunAsync(secret, fields, cancellationToken));
    }
}
