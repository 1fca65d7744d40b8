// Owns long polling (getUpdates): the standalone alternative to the webhook, feeding the same handler.
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Messaging;
using Telegram.Bot;

namespace SalesCoach.Core.Bot;

/// <summary>
/// One getUpdates round: asks for updates after the last one seen (long poll of Bot:PollingTimeoutSeconds),
/// hands each to <see cref="HandleTelegramUpdate"/> (the same exactly-once path as the webhook) and moves the
/// offset past it, which tells Telegram it may forget it. Telegram refuses getUpdates while a webhook is set
/// (409): delete the webhook to poll.
/// </summary>
public sealed class PollTelegramUpdates(TelegramSender telegram, HandleTelegramUpdate handle, BotOptions options, ILogger<PollTelegramUpdates> logger)
{
    private int? offset;

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var updates = await telegram.CallAsync((client, token) => client.GetUpdates(offset, 100, options.PollingTimeoutSeconds, RegisterTelegramBot.AllowedUpdates, token), cancellationToken).ConfigureAwait(false);
        foreach (var update in updates.OrderBy(u => u.Id))
        {
            try
            {
                await handle.RunAsync(update, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not confirmed: the next round asks from this update again (its claim was given back).
                logger.LogWarning(e, "Telegram update {UpdateId} failed; it is fetched again next round", update.Id);
                return updates.Length;
            }
            offset = update.Id + 1;
        }
        return updates.Length;
    }
}
