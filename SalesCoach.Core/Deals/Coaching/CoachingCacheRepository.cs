// Owns the LLM advice cache table.
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals.Coaching;

/// <summary>LLM advice by (deal, content hash): an unchanged deal is not sent to the LLM again.</summary>
public sealed class CoachingCacheRepository(StorageAccount storage)
{
    private const string TableName = "coachcache";

    public async Task<CoachingAdvice?> GetAsync(string dealId, string contentHash, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(dealId, contentHash, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : Json.Deserialize<CoachingAdvice>(entity.RequiredString("AdviceJson"));
    }

    public async Task PutAsync(string dealId, string contentHash, CoachingAdvice advice, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(advice);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = new TableEntity(dealId, contentHash)
        {
            ["AdviceJson"] = Json.Serialize(advice),
            ["CreatedAt"] = at,
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            // Two analyses of the same content raced; either answer serves.
        }
    }
}
