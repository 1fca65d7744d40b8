// Owns long polling in standalone mode: getUpdates in a loop when Bot__Polling is on (no public address for a webhook).
using SalesCoach.Core.Bot;

namespace SalesCoach.Functions.Hosting.Standalone;

/// <summary>Runs <see cref="PollTelegramUpdates"/> round after round; a failed round waits a little and tries again.</summary>
public sealed class TelegramPolling(PollTelegramUpdates poll, ILogger<TelegramPolling> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Telegram long polling is on (Bot__Polling)");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await poll.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("getUpdates failed ({Error}); polling again in 5 s", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
