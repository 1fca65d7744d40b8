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
/// The stale-deal check: finds open deals idle for at least N days and queues one urgent alert
/// per manager, in one message: most value at risk first, then "and N more". The rule coach supplies
/// each deal's first action (no LLM: alerts must be cheap and instant). Alerts are idempotent per manager, threshold and local day, so repeating the check the
/// same day does not repeat the alert.
/// </summary>
public sealed class CheckStaleDeals(
    ManagerRepository managers,
    DealRepository deals,
    DealAssessor assessor,
    AttentionOptions attention,
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
            var stale = await FindStaleAsync(manager, daysThreshold, cancellationToken).ConfigureAwait(false);
            if (stale.Count == 0)
            {
                continue;
            }
            staleCount += stale.Count;
            var localDay = TimeZones.ToLocal(now, manager.TimeZone).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            var ranked = DealAssessor.Ranked(stale).Select(a => new StaleDeal(a.Deal, a.Context.Metrics, a.Risk.Level, a.ValueAtRisk, a.RuleAdvice.ActionItems.FirstOrDefault())).ToList();
            var html = StaleAlertFormatter.Alert(manager, ranked, daysThreshold, now, stale[0].Context.Language, attention.SummaryLines);
            var id = string.Create(CultureInfo.InvariantCulture, $"stale-{localDay}-{daysThreshold}-{manager.Id}");
            alerts += await outbox.EnqueueAsync(OutboxMessages.FromHtml(manager, OutboxKind.StaleAlert, html, id, now, null, null), cancellationToken).ConfigureAwait(false) > 0 ? 1 : 0;
        }
        logger.LogInformation("Stale check ({Days}+ days): {Stale} stale deals, {Alerts} alerts queued", daysThreshold, staleCount, alerts);
        return new StaleCheckResult(daysThreshold, team.Count, staleCount, alerts);
    }

    private async Task<List<DealAssessment>> FindStaleAsync(Manager manager, int daysThreshold, CancellationToken cancellationToken)
    {
        var open = await deals.ListOpenByManagerAsync(manager.Id, cancellationToken).ConfigureAwait(false);
        var assessed = await assessor.AssessAllAsync(manager, open, attention.Parallelism, cancellationToken).ConfigureAwait(false);
        return assessed.Where(a => a.Context.Metrics.DaysSinceLastActivity >= daysThreshold).ToList();
    }
}
