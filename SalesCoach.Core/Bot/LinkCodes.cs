// Owns one-time link codes: issued for a manager, redeemed once within their lifetime (ETag-guarded).
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Bot;

public sealed record LinkCode(string Code, string ManagerId, string IssuedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

public enum RedeemOutcome
{
    Linked,
    Unknown,
    Expired,
    AlreadyUsed,
}

/// <summary>
/// Codes are 8 characters of an alphabet without look-alikes (no 0/O, 1/I/L), about 40 bits; a wrong guess
/// costs a flood-limited update. One row per code; redeeming replaces the row under its ETag, so two
/// simultaneous redemptions cannot both succeed.
/// </summary>
public sealed class LinkCodes(StorageAccount storage, BotOptions options, TimeProvider time)
{
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public const int Length = 8;
    private const string TableName = "botlinkcodes";
    private const string Partition = "code";

    public async Task<LinkCode> IssueAsync(string managerId, string issuedBy, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var now = time.GetUtcNow();
        while (true)
        {
            var code = new LinkCode(RandomNumberGenerator.GetString(Alphabet, Length), managerId, issuedBy, now, now + options.LinkCodeLifetime);
            try
            {
                await table.AddEntityAsync(new TableEntity(Partition, code.Code)
                {
                    ["ManagerId"] = code.ManagerId, ["IssuedBy"] = code.IssuedBy, ["CreatedAt"] = code.CreatedAt, ["ExpiresAt"] = code.ExpiresAt,
                }, cancellationToken).ConfigureAwait(false);
                return code;
            }
            catch (RequestFailedException e) when (e.IsConflict())
            {
                // The same code drawn twice (about one in a trillion): draw again.
            }
        }
    }

    /// <summary>Normalizes what a user typed ("abcd 2345" → "ABCD2345"); null when it cannot be a code.</summary>
    public static string? Normalize(string? typed)
    {
        var code = string.Concat((typed ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-')).ToUpperInvariant();
        return code.Length == Length && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? code : null;
    }

    public async Task<(RedeemOutcome Outcome, string? ManagerId)> RedeemAsync(string typed, long telegramUserId, CancellationToken cancellationToken)
    {
        if (Normalize(typed) is not { } code)
        {
            return (RedeemOutcome.Unknown, null);
        }
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(Partition, code, cancellationToken).ConfigureAwait(false);
        if (entity is null)
        {
            return (RedeemOutcome.Unknown, null);
        }
        if (entity.GetDateTimeOffset("UsedAt") is not null)
        {
            return (RedeemOutcome.AlreadyUsed, null);
        }
        var now = time.GetUtcNow();
        if (entity.RequiredDate("ExpiresAt") <= now)
        {
            return (RedeemOutcome.Expired, null);
        }
        entity["UsedAt"] = now;
        entity["UsedByUser"] = telegramUserId;
        try
        {
            await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            return (RedeemOutcome.AlreadyUsed, null);
        }
        return (RedeemOutcome.Linked, entity.RequiredString("ManagerId"));
    }
}
