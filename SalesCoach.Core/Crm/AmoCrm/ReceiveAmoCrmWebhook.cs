// Owns receiving an amoCRM webhook delivery: authenticate, validate, write, re-analyse.
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;

namespace SalesCoach.Core.Crm.AmoCrm;

public sealed record AmoCrmWebhookResult(int Deals, int DealsKeptNewer, int Activities, int Deleted, int Analysed);

/// <summary>
/// POST /api/webhooks/amocrm?secret=…: authenticates by the shared secret in the URL (amoCRM does not
/// sign webhooks), validates the whole delivery, writes it (deals never go back to an older
/// last_modified; activities have deterministic ids), then re-analyses the affected open deals so the
/// managers' follow-up is current. A redelivery changes nothing.
/// </summary>
public sealed class ReceiveAmoCrmWebhook(
    AmoCrmOptions options,
    AmoCrmStatusNames statusNames,
    DealRepository deals,
    ActivityRepository activities,
    ManagerRepository managers,
    AnalyzeDeal analyzeDeal,
    TimeProvider time,
    ILogger<ReceiveAmoCrmWebhook> logger)
{
    public async Task<AmoCrmWebhookResult> RunAsync(string? secret, IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        Authenticate(secret);
        var changes = AmoCrmWebhook.Parse(form, await statusNames.LoadAsync(cancellationToken).ConfigureAwait(false), time.GetUtcNow());

        var written = new List<Deal>();
        foreach (var deal in changes.Deals)
        {
            if (await deals.UpsertIfNewerAsync(deal, cancellationToken).ConfigureAwait(false))
            {
                written.Add(deal);
            }
        }
        await activities.UpsertManyAsync(changes.Activities, cancellationToken).ConfigureAwait(false);
        foreach (var id in changes.DeletedDealIds)
        {
            await deals.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
        }

        var analysed = 0;
        foreach (var dealId in written.Select(d => d.Id).Concat(changes.Activities.Select(a => a.DealId)).Distinct(StringComparer.Ordinal))
        {
            if (await deals.GetAsync(dealId, cancellationToken).ConfigureAwait(false) is { Status: DealStatus.Open } deal
                && await managers.GetAsync(deal.ManagerId, cancellationToken).ConfigureAwait(false) is { } manager)
            {
                await analyzeDeal.AnalyzeAsync(manager, deal, runId: null, cancellationToken).ConfigureAwait(false);
                analysed++;
            }
        }
        logger.LogInformation("amoCRM webhook: {Deals} deals, {Activities} activities, {Deleted} deleted, {Analysed} re-analysed",
            written.Count, changes.Activities.Count, changes.DeletedDealIds.Count, analysed);
        return new AmoCrmWebhookResult(written.Count, changes.Deals.Count - written.Count, changes.Activities.Count, changes.DeletedDealIds.Count, analysed);
    }

    private void Authenticate(string? secret) =>
        WebhookChecks.Require(options.WebhookSecret, secret, "AmoCrm:WebhookSecret", "The webhook URL does not carry the amoCRM webhook secret.");
}
