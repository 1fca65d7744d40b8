// Owns which Telegram user is which manager (set once by a link code).
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Bot;

public sealed record BotLink(long TelegramUserId, string ManagerId, long ChatId, DateTimeOffset LinkedAt);

/// <summary>Telegram user id → manager id, one row per user; a manager linked from a new account loses the old one.</summary>
public sealed class BotLinks(StorageAccount storage)
{
    private const string TableName = "botlinks";
    private const string Partition = "user";

    private static string Row(long userId) => userId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<BotLink?> FindAsync(long telegramUserId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(Partition, Row(telegramUserId), cancellationToken).ConfigureAwait(false);
        return entity is null ? null : FromEntity(entity);
    }

    public async Task LinkAsync(BotLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var earlier = await table.QueryListAsync($"PartitionKey eq {Keys.Literal(Partition)} and ManagerId eq {Keys.Literal(link.ManagerId)}", FromEntity, cancellationToken).ConfigureAwait(false);
        foreach (var old in earlier.Where(l => l.TelegramUserId != link.TelegramUserId))
        {
            await table.DeleteEntityAsync(Partition, Row(old.TelegramUserId), ETag.All, cancellationToken).ConfigureAwait(false);
        }
        await table.UpsertEntityAsync(new TableEntity(Partition, Row(link.TelegramUserId))
        {
            ["ManagerId"] = link.ManagerId, ["ChatId"] = link.ChatId, ["LinkedAt"] = link.LinkedAt,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    private static BotLink FromEntity(TableEntity entity) => new(
        long.Parse(entity.RowKey, System.Globalization.CultureInfo.InvariantCulture), entity.RequiredString("ManagerId"),
        entity.GetInt64("ChatId") ?? 0, entity.RequiredDate("LinkedAt"));
}
