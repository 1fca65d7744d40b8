// Owns the server-side records behind inline buttons: what a button does, for whom, in which state, used or not.
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Bot;

/// <summary>
/// What one button does. Its callback_data is only "b:" and a random token (14 bytes, under Telegram's 64):
/// the action, target, the state it was drawn in and the manager it was shown to live here, so nothing the
/// client sends back is trusted as is.
/// </summary>
public sealed record BotButton
{
    public required string Token { get; init; }
    /// <summary>The manager the button was shown to: only they may press it.</summary>
    public required string ManagerId { get; init; }
    public required string Action { get; init; }
    public string? Target { get; init; }
    /// <summary>The target's state when the button was drawn (a stage, a recommendation status); a different state now makes it stale.</summary>
    public string? State { get; init; }
    public string? Argument { get; init; }
    /// <summary>Buttons that change something act once; navigation buttons may be pressed again.</summary>
    public bool SingleUse { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UsedAt { get; init; }

    public string CallbackData => Prefix + Token;

    public const string Prefix = "b:";
}

/// <summary>Buttons: partition per manager (the one it was shown to), row per token.</summary>
public sealed class BotButtons(StorageAccount storage)
{
    private const string TableName = "botbuttons";
    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    public const int TokenLength = 12;

    public static string NewToken() => RandomNumberGenerator.GetString(TokenAlphabet, TokenLength);

    /// <summary>The token of a callback_data this bot issued; null for anything else.</summary>
    public static string? TokenOf(string? callbackData) =>
        callbackData is { Length: 14 } data && data.StartsWith(BotButton.Prefix, StringComparison.Ordinal) && data[2..].All(c => TokenAlphabet.Contains(c, StringComparison.Ordinal))
            ? data[2..]
            : null;

    /// <summary>Stores buttons, one transaction per manager (and per hundred).</summary>
    public async Task AddAsync(IReadOnlyList<BotButton> buttons, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buttons);
        if (buttons.Count == 0)
        {
            return;
        }
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        // A transaction holds one partition: a screen's buttons, and a reminder's for the recommendation's owner apart.
        foreach (var chunk in TableExtensions.Transactions(buttons, b => b.ManagerId))
        {
            await table.SubmitTransactionAsync(chunk.Select(b => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(b))), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the buttons drawn before <paramref name="before"/> (pressing one later answers that it expired); returns how many went.</summary>
    public async Task<int> DeleteCreatedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        return await table.DeleteWhereAsync(TableClient.CreateQueryFilter($"CreatedAt lt {before}"), cancellationToken).ConfigureAwait(false);
    }

    public async Task<(BotButton Button, ETag ETag)?> FindAsync(string managerId, string token, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(managerId, token, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : (FromEntity(entity), entity.ETag);
    }

    /// <summary>Marks a single-use button used, unless someone pressed it meanwhile: false then.</summary>
    public async Task<bool> TryUseAsync(BotButton button, ETag etag, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(button);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        try
        {
            await table.UpdateEntityAsync(ToEntity(button with { UsedAt = now }), etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            return false;
        }
    }

    private static TableEntity ToEntity(BotButton button) => new(button.ManagerId, button.Token)
    {
        ["Action"] = button.Action,
        ["Target"] = button.Target,
        ["State"] = button.State,
        ["Argument"] = button.Argument,
        ["SingleUse"] = button.SingleUse,
        ["CreatedAt"] = button.CreatedAt,
        ["UsedAt"] = button.UsedAt,
    };

    private static BotButton FromEntity(TableEntity entity) => new()
    {
        Token = entity.RowKey,
        ManagerId = entity.PartitionKey,
        Action = entity.RequiredString("Action"),
        Target = entity.GetString("Target"),
        State = entity.GetString("State"),
        Argument = entity.GetString("Argument"),
        SingleUse = entity.GetBoolean("SingleUse") ?? false,
        CreatedAt = entity.RequiredDate("CreatedAt"),
        UsedAt = entity.GetDateTimeOffset("UsedAt"),
    };
}
