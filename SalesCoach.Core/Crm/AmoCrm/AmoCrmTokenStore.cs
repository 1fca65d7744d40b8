// Owns the rotating amoCRM OAuth pair, persisted in Table Storage.
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.AmoCrm;

public sealed record OAuthTokens(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt);

/// <summary>
/// The current amoCRM OAuth pair. amoCRM rotates the refresh token on every refresh, so the newest
/// pair must survive restarts: it lives in Table Storage (never in logs), seeded from settings.
/// </summary>
public sealed class AmoCrmTokenStore(StorageAccount storage)
{
    private const string TableName = "crmtokens";
    private const string Partition = "amocrm";
    private const string Row = "oauth";

    public async Task<OAuthTokens?> GetAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(Partition, Row, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : new OAuthTokens(entity.RequiredString("AccessToken"), entity.RequiredString("RefreshToken"), entity.RequiredDate("ExpiresAt"));
    }

    public async Task SaveAsync(OAuthTokens tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(Partition, Row)
        {
            ["AccessToken"] = tokens.AccessToken,
            ["RefreshToken"] = tokens.RefreshToken,
            ["ExpiresAt"] = tokens.ExpiresAt,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }
}
