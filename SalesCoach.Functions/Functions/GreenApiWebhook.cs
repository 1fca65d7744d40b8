using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Platform;
using Job = SalesCoach.Core.Crm.GreenApi.ReceiveGreenApiWebhook;

namespace SalesCoach.Functions.Functions;

/// <summary>POST /api/webhooks/greenapi: WhatsApp messages from GREEN-API (Authorization: Bearer webhookUrlToken).</summary>
public static class GreenApiWebhook
{
    public const int MaxBodyBytes = 256 * 1024;

    public sealed record Response(string Status, string TypeWebhook, string? ChatId, string? MessageId);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/webhooks/greenapi", HandleAsync).WithName(nameof(GreenApiWebhook));

    private static async Task<Ok<Response>> HandleAsync(HttpRequest request, Job job, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw new PayloadTooLargeException(MaxBodyBytes);
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > MaxBodyBytes)
        {
            throw new PayloadTooLargeException(MaxBodyBytes);
        }
        JsonElement body;
        try
        {
            body = JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InputValidationException("$", $"The body is not JSON: {e.Message}");
        }
        var delivery = await job.RunAsync(request.Headers.Authorization.ToString(), body, cancellationToken);
        return TypedResults.Ok(new Response(delivery.Message is null ? "ignored" : "stored", delivery.TypeWebhook, delivery.Chat?.Id, delivery.Message?.Id));
    }
}
