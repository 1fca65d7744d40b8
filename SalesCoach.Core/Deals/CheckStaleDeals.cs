// Owns finding deals idle N days or more and queuing one alert per manager.
using System.Globalization;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals;

public sealed record StaleCheckResult(int DaysThreshold, int ManagersChecked, int StaleDeals, int AlertsQueued);

/// <summary>
/// Seed 000 "Check Stale Deals": finds open deals idle for at least N days and queues one urgent alert
/// per manager. The rule coach supplies each deal's first action (no LLM: alerts must be cheap and
/// instant). Alerts are idempotent per manager, threshold and local day, so repeating the check the
/// same day does not repeat the alert.
/// </summary>
public sealed class CheckStaleDeals(
    ManagerRepository managers,
    DealRepository deals,
    ActivityRepository activities,
    RuleCoach rules,
    OutboxRepository outbox,
    TimeProvider time,
    ILogger<CheckStaleDeals> logger)
{
    public const int MinDays = 1;
    public const int MaxDays = 365;

    public async Task<StaleCheckResult> RunAsync(int daysThreshold, CancellationToken cancellationToken)
    {
        if (daysThreshold is < MinDays or > MaxDays)
        {
            throw new InputValidationException("days_threshold", $"'days_threshold' must be from {MinDays} to {MaxDays}, not {daysThreshold}.");
        }
        var now = time.GetUtcNow();
        var team = await managers.ListAsync(cancellationToken).ConfigureAwait(false);
        int staleCount = 0, alerts = 0;
        foreach (var manager in team)
        {
            var stale = await FindStaleAsync(manager, daysThreshold, now, cancellationToken).ConfigureAwait(false);
            if (stale.Count == 0)
            {
                continue;
            }
            staleCount += stale.Count;
            var localDay = TimeZones.ToLocal(now, manager.TimeZone).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            var html = StaleAlertFormatter.Alert(manager, stale, daysThreshold, now);
            var id = string.Create(CultureInfo.InvariantCulture, $"stale-{localDay}-{daysThreshold}-{manager.Id}");
            alerts += await outbox.EnqueueAsync(OutboxMessages.FromHtml(manager, OutboxKind.StaleAlert, html, id, now, null, null), cancellationToken).ConfigureAwait(false) > 0 ? 1 : 0;
        }
        logger.LogInformation("Stale check ({Days}+ days): {Stale} stale deals, {Alerts} alerts queued", daysThreshold, staleCount, alerts);
        return new StaleCheckResult(daysThreshold, team.Count, staleCount, alerts);
    }

    private async Task<List<StaleDeal>> FindStaleAsync(Manager manager, int daysThreshold, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stale = new List<StaleDeal>();
        foreach (var deal in await deals.ListOpenByManagerAsync(manager.Id, cancellationToken).ConfigureAwait(false))
        {
            var history = await activities.ListByDealAsync(deal.Id, cancellationToken).ConfigureAwait(false);
            var metrics = DealMetrics.Calculate(deal, history, now);
            if (metrics.DaysSinceLastActivity < daysThreshold)
            {
                continue;
            }
            var advice = rules.Advise(new DealContext(manager, deal, history, metrics, now));
            stale.Add(new StaleDeal(deal, metrics.DaysSinceLastActivity, advice.Priority, advice.ActionItems.FirstOrDefault()));
        }
        return stale;
    }
}
