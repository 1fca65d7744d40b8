// Owns the deals table.
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals;

/// <summary>Deals keyed by id (one partition each, beside nothing else), queried by manager.</summary>
public sealed class DealRepository(StorageAccount storage)
{
    private const string TableName = "deals";
    private const string Row = "deal";
    private readonly ExistingRowsHint existing = new();

    public async Task UpsertAsync(Deal deal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deal);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await table.UpsertEntityAsync(ToEntity(deal), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the deal unless the stored one has a newer <see cref="Deal.UpdatedAt"/>; true when written.</summary>
    public async Task<bool> UpsertIfNewerAsync(Deal deal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deal);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        return await table.WriteIfNewerAsync(ToEntity(deal), deal.UpdatedAt, "UpdatedAt", existing, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a deal (its activities stay as history); deleting a missing deal is not an error.</summary>
    public async Task DeleteAsync(string dealId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await table.DeleteEntityAsync(dealId, Row, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<Deal?> GetAsync(string dealId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(dealId, Row, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : FromEntity(entity);
    }

    public async Task<IReadOnlyList<Deal>> ListOpenByManagerAsync(string managerId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var filter = $"ManagerId eq {Keys.Literal(managerId)} and Status eq {Keys.Literal(nameof(DealStatus.Open))}";
        return await table.QueryListAsync(filter, FromEntity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every deal, one storage page at a time (for learning the team's history).</summary>
    public async IAsyncEnumerable<Deal> ScanAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await foreach (var entity in table.QueryAsync<TableEntity>(maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return FromEntity(entity);
        }
    }

    private static TableEntity ToEntity(Deal deal) => new(deal.Id, Row)
    {
        ["Name"] = deal.Name,
        ["ManagerId"] = deal.ManagerId,
        // Table Storage has no decimal type; a string keeps every digit.
        ["Budget"] = deal.Budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Currency"] = deal.Currency,
        ["Stage"] = deal.Stage,
        ["Status"] = deal.Status.ToString(),
        ["CreatedAt"] = deal.CreatedAt,
        ["UpdatedAt"] = deal.UpdatedAt,
        ["ClosedAt"] = deal.ClosedAt,
        ["ClientName"] = deal.ClientName,
        ["Product"] = deal.Product,
    };

    private static Deal FromEntity(TableEntity entity) => new()
    {
        Id = entity.PartitionKey,
        Name = entity.RequiredString("Name"),
        ManagerId = entity.RequiredString("ManagerId"),
        Budget = decimal.Parse(entity.RequiredString("Budget"), System.Globalization.CultureInfo.InvariantCulture),
        Currency = entity.RequiredString("Currency"),
        Stage = entity.RequiredString("Stage"),
        Status = Enum.Parse<DealStatus>(entity.RequiredString("Status")),
        CreatedAt = entity.RequiredDate("CreatedAt"),
        UpdatedAt = entity.RequiredDate("UpdatedAt"),
        ClosedAt = entity.GetDateTimeOffset("ClosedAt"),
        ClientName = entity.GetString("ClientName"),
        Product = entity.GetString("Product"),
    };
}
