// Owns receiving a Telegram webhook delivery: the secret token (constant time) before the body, then the update, once.
using SalesCoach.Core.Crm;

namespace SalesCoach.Core.Bot;

/// <summary>
/// POST /api/telegram/webhook. Telegram sends the setWebhook secret_token back in X-Telegram-Bot-Api-Secret-Token;
/// it is compared in constant time before the body is read, so an unauthenticated request is a 401 whatever it
/// carries. Then the Update is parsed (malformed: 400 naming the field) and handled once per update_id.
/// </summary>
public sealed class ReceiveTelegramWebhook(HandleTelegramUpdate handle, BotOptions options)
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public async Task<BotUpdateResult> RunAsync(string? secretToken, Func<CancellationToken, Task<byte[]>> readBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readBody);
        WebhookChecks.Require(options.WebhookSecret, string.IsNullOrEmpty(secretToken) ? null : secretToken, "Bot:WebhookSecret",
            $"The {SecretHeader} header does not carry the bot's webhook secret.");
        var update = TelegramUpdates.Parse(await readBody(cancellationToken).ConfigureAwait(false));
        return await handle.RunAsync(update, cancellationToken).ConfigureAwait(false);
    }
}
