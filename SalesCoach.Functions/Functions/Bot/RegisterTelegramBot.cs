// Owns POST /api/telegram/register: setWebhook (with the secret and the update kinds used) and setMyCommands.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Bot;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;
using Job = SalesCoach.Core.Bot.RegisterTelegramBot;

namespace SalesCoach.Functions.Functions.Bot;

public sealed class RegisterTelegramBot(Job job)
{
    /// <param name="Url">The public https address of POST /api/telegram/webhook; Bot__WebhookUrl when absent.</param>
    public sealed record Body(string? Url);

    [Function(nameof(RegisterTelegramBot))]
    [ApiOperation("Registers the bot with Telegram at Telegram__ApiBaseUrl: setWebhook (url, secret_token = Bot__WebhookSecret, allowed_updates = message, callback_query) and setMyCommands in ru, uk, en and by default. Optional body {\"url\":\"https://…/api/telegram/webhook\"}. Not https → 400; no secret or no bot token → 422.", Body = typeof(Body), Response = typeof(BotRegistration))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "telegram/register")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadOptionalJsonAsync<Body>(request, cancellationToken);
        return TypedResults.Ok(await job.RunAsync(body?.Url, cancellationToken));
    }
}
