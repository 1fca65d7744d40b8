// Owns amoCRM status ids to stage names, kept for webhooks.
using System.Globalization;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.AmoCrm;

/// <summary>amoCRM status id → stage name, saved by each pull so webhooks (which carry only ids) can name stages.</summary>
public sealed class AmoCrmStatusNames(StorageAccount storage)
{
    private const string TableName = "crmstatuses";
    private const string Partition = "amocrm";

    public async Task SaveAsync(IReadOnlyDictionary<long, string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await table.UpsertBatchedAsync(names.Select(pair => new TableEntity(Partition, pair.Key.ToString(CultureInfo.InvariantCulture)) { ["Name"] = pair.Value }), cancellationToken).ConfigureAwait(false);
    }

    public async Task<Dictionary<long, string>> LoadAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var rows = await table.QueryListAsync($"PartitionKey eq '{Partition}'", e => (Id: long.Parse(e.RowKey, CultureInfo.InvariantCulture), Name: e.RequiredString("Name")), cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Id, r => r.Name);
    }
}
