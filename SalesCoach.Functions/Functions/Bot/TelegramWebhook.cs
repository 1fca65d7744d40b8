// Owns POST /api/telegram/webhook: the managers' bot's updates from Telegram, authenticated by the webhook secret before the body is read.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Bot;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Bot;

public sealed class TelegramWebhook(ReceiveTelegramWebhook job)
{
    /// <param name="Kind">The update's kind (message, callback_query, edited_message, my_chat_member, …).</param>
    /// <param name="Outcome">handled, ignored (a kind the bot does not use), duplicate (a redelivery), throttled, refused, stale, linked, …</param>
    public sealed record Response(long UpdateId, string Kind, string Outcome);

    [Function(nameof(TelegramWebhook))]
    [ApiOperation("Receives the managers' bot's updates from Telegram (the Update object of the Bot API): commands and button presses are handled once per update_id (a redelivery answers 'duplicate'), replies go through the outbox; kinds the bot does not use are acknowledged and ignored. X-Telegram-Bot-Api-Secret-Token must carry Bot__WebhookSecret (checked in constant time before the body is read; 401 otherwise).", Response = typeof(Response))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "telegram/webhook")] HttpRequest request, CancellationToken cancellationToken)
    {
        var result = await job.RunAsync(request.Headers[ReceiveTelegramWebhook.SecretHeader].ToString(),
            token => RequestBody.ReadBytesAsync(request, TelegramUpdates.MaxBytes, token), cancellationToken);
        return TypedResults.Ok(new Response(result.UpdateId, result.Kind, result.Outcome));
    }
}
