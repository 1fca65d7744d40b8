// Owns processing a stored amoCRM delivery from the queue: parse, write, re-analyse, record the outcome.
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.AmoCrm;

public sealed record AmoCrmWebhookResult(int Deals, int DealsKeptNewer, int Activities, int StageMoves, int Deleted, int Analysed, IReadOnlyDictionary<string, int> Ignored);

/// <summary>
/// Turns a stored delivery into deals and activities: deals never go back to an older last_modified,
/// activities have deterministic ids, Digital Pipeline stage moves update a known deal, deletes remove
/// it; then the affected open deals are re-analysed. A delivery whose content is wrong is recorded as
/// rejected with the form key at fault (it would fail the same way every time, so it is not retried);
/// a storage failure throws, and the queue retries. A delivery already processed is left alone.
/// </summary>
public sealed class ProcessAmoCrmWebhook(
    AmoCrmOptions options,
    AmoCrmDeliveries deliveries,
    AmoCrmStatusNames statusNames,
    DealRepository deals,
    ActivityRepository activities,
    ManagerRepository managers,
    AnalyzeDeal analyzeDeal,
    InboundMessages inbound,
    TimeProvider time,
    ILogger<ProcessAmoCrmWebhook> logger)
{
    public async Task<AmoCrmDelivery?> RunAsync(string deliveryId, CancellationToken cancellationToken)
    {
        var delivery = await deliveries.GetAsync(deliveryId, cancellationToken).ConfigureAwait(false);
        if (delivery is null || delivery.Status != DeliveryStatus.Received)
        {
            logger.LogInformation("amoCRM delivery {DeliveryId} is {State}; nothing to do", deliveryId, delivery?.Status.ToString() ?? "unknown");
            return delivery;
        }

        AmoCrmWebhookChanges changes;
        try
        {
            changes = AmoCrmWebhook.Parse(FormBody.Parse(delivery.Body), await statusNames.LoadAsync(cancellationToken).ConfigureAwait(false),
                delivery.ReceivedAt, TimeZones.Find(options.DefaultTimeZone), delivery.Id);
        }
        catch (InputValidationException e)
        {
            var rejected = delivery with { Status = DeliveryStatus.Rejected, ProcessedAt = time.GetUtcNow(), Field = e.Field, Error = e.Message };
            await deliveries.FinishAsync(rejected, cancellationToken).ConfigureAwait(false);
            logger.LogWarning("amoCRM delivery {DeliveryId} rejected: {Field}: {Error}", delivery.Id, e.Field, e.Message);
            return rejected;
        }

        var written = new List<Deal>();
        foreach (var deal in changes.Deals)
        {
            if (await deals.UpsertIfNewerAsync(deal, cancellationToken).ConfigureAwait(false))
            {
                written.Add(deal);
            }
        }
        var newActivities = changes.Activities.ToList();
        foreach (var move in changes.StageMoves)
        {
            // A Digital Pipeline move names only statuses: it applies to a deal we already know.
            if (await deals.GetAsync(move.DealId, cancellationToken).ConfigureAwait(false) is { } known)
            {
                await deals.UpsertAsync(known with { Stage = move.ToStage, Status = move.Status, UpdatedAt = Later(known.UpdatedAt, move.Activity.OccurredAt) }, cancellationToken).ConfigureAwait(false);
                newActivities.Add(move.Activity);
            }
        }
        await activities.UpsertManyAsync(newActivities, cancellationToken).ConfigureAwait(false);
        foreach (var id in changes.DeletedDealIds)
        {
            await deals.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
        }

        // A note's text is what the client said as the manager recorded it: passed on for real-time interventions.
        await inbound.PublishAsync(changes.Activities
            .Where(a => a is { Kind: ActivityKind.Note, Text.Length: > 0 })
            .Select(a => new InboundClientMessage("amocrm", a.Id, null, a.DealId, null, null, a.Text!, a.OccurredAt, delivery.ReceivedAt)), cancellationToken).ConfigureAwait(false);

        var analysed = 0;
        foreach (var dealId in written.Select(d => d.Id).Concat(newActivities.Select(a => a.DealId)).Distinct(StringComparer.Ordinal))
        {
            if (await deals.GetAsync(dealId, cancellationToken).ConfigureAwait(false) is { Status: DealStatus.Open } deal
                && await managers.GetAsync(deal.ManagerId, cancellationToken).ConfigureAwait(false) is { } manager)
            {
                await analyzeDeal.AnalyzeAsync(manager, deal, runId: null, cancellationToken).ConfigureAwait(false);
                analysed++;
            }
        }
        var result = new AmoCrmWebhookResult(written.Count, changes.Deals.Count - written.Count, changes.Activities.Count,
            newActivities.Count - changes.Activities.Count, changes.DeletedDealIds.Count, analysed, changes.Ignored);
        var processed = delivery with { Status = DeliveryStatus.Processed, ProcessedAt = time.GetUtcNow(), Result = result };
        await deliveries.FinishAsync(processed, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("amoCRM delivery {DeliveryId}: {Deals} deals, {Activities} activities, {Moves} stage moves, {Deleted} deleted, {Analysed} re-analysed, {Ignored} ignored events",
            delivery.Id, written.Count, changes.Activities.Count, result.StageMoves, changes.DeletedDealIds.Count, analysed, changes.Ignored.Values.Sum());
        return processed;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
