// Owns the GREEN-API amendments table: the standing edit or deletion of each message, whichever arrives first.
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.GreenApi;

/// <summary>
/// The latest edit or deletion of each message (partition = chat id, row = the amended message's id).
/// Kept apart from the message so that an amendment arriving before its message (GREEN-API redelivers a
/// refused notification a minute later, so order is not guaranteed) or a redelivered original arriving
/// after it still ends with the amended text.
/// </summary>
public sealed class GreenApiAmendments(StorageAccount storage)
{
    private const string TableName = "greenapiamendments";

    /// <summary>Stores <paramref name="amendment"/> unless a later one of the same message is stored; returns the one that stands.</summary>
    public async Task<GreenApiAmendment> RecordAsync(GreenApiAmendment amendment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(amendment);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var entity = await table.FindAsync(amendment.ChatId, amendment.MessageId, cancellationToken).ConfigureAwait(false);
            try
            {
                if (entity is null)
                {
                    await table.AddEntityAsync(ToEntity(amendment), cancellationToken).ConfigureAwait(false);
                    return amendment;
                }
                var stored = FromEntity(entity);
                if (!Supersedes(amendment, stored))
                {
                    return stored;
                }
                await table.UpdateEntityAsync(ToEntity(amendment), entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return amendment;
            }
            catch (RequestFailedException e) when ((e.IsConflict() || e.IsPreconditionFailed()) && attempt < 10)
            {
            }
        }
    }

    public async Task<GreenApiAmendment?> FindAsync(string chatId, string messageId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(chatId, messageId, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : FromEntity(entity);
    }

    /// <summary>
    /// Later wins; at the same second a deletion wins (nothing follows it), and otherwise the greater event id,
    /// so that the same set of notifications ends in the same row whatever order they came in.
    /// </summary>
    private static bool Supersedes(GreenApiAmendment candidate, GreenApiAmendment stored) =>
        candidate.At != stored.At ? candidate.At > stored.At
        : candidate.Kind != stored.Kind ? candidate.Kind == GreenApiAmendmentKind.Deleted
        : string.CompareOrdinal(candidate.EventId, stored.EventId) > 0;

    private static TableEntity ToEntity(GreenApiAmendment amendment) => new(amendment.ChatId, amendment.MessageId)
    {
        ["Kind"] = amendment.Kind.ToString(),
        ["Text"] = amendment.Text,
        ["At"] = amendment.At,
        ["EventId"] = amendment.EventId,
    };

    private static GreenApiAmendment FromEntity(TableEntity entity) => new(
        entity.PartitionKey,
        entity.RowKey,
        Enum.Parse<GreenApiAmendmentKind>(entity.RequiredString("Kind")),
        entity.RequiredString("Text"),
        entity.RequiredDate("At"),
        entity.RequiredString("EventId"));
}
