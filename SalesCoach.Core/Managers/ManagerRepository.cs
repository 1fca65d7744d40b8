// Owns the managers table.
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Managers;

public sealed class ManagerRepository(StorageAccount storage)
{
    private const string TableName = "managers";
    private const string Partition = "manager";

    public async Task UpsertAsync(Manager manager, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await table.UpsertEntityAsync(ToEntity(manager), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Manager?> GetAsync(string managerId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(Partition, managerId, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : FromEntity(entity);
    }

    public async Task<IReadOnlyList<Manager>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        return await table.QueryListAsync($"PartitionKey eq {Keys.Literal(Partition)}", FromEntity, cancellationToken).ConfigureAwait(false);
    }

    private static TableEntity ToEntity(Manager manager) => new(Partition, manager.Id)
    {
        ["Name"] = manager.Name,
        ["CrmUserId"] = manager.CrmUserId,
        ["TelegramChatId"] = manager.TelegramChatId,
        ["TimeZone"] = manager.TimeZone,
        ["Team"] = manager.Team,
        ["Language"] = manager.Language,
    };

    private static Manager FromEntity(TableEntity entity) => new()
    {
        Id = entity.RowKey,
        Name = entity.RequiredString("Name"),
        CrmUserId = entity.GetString("CrmUserId"),
        TelegramChatId = entity.GetInt64("TelegramChatId"),
        TimeZone = entity.RequiredString("TimeZone"),
        Team = entity.RequiredString("Team"),
        Language = entity.GetString("Language") is { } language && Languages.IsSupported(language) ? language : null,
    };
}
