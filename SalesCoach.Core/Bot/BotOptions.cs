// Owns the managers' bot settings: the webhook secret, who is admin or team lead, link codes, paging, flood limits, long polling.
namespace SalesCoach.Core.Bot;

/// <summary>Bound from the "Bot" section (env: Bot__WebhookSecret, …); every one is documented in local.settings.sample.json.</summary>
public sealed record BotOptions
{
    /// <summary>
    /// The secret_token given to setWebhook; Telegram sends it back in X-Telegram-Bot-Api-Secret-Token.
    /// Empty refuses every webhook delivery (401). 1–256 characters of A-Z, a-z, 0-9, '_' and '-' (Bot API).
    /// </summary>
    public string? WebhookSecret { get; init; }
    /// <summary>The public HTTPS address Telegram posts updates to (…/api/telegram/webhook), used when registering the webhook.</summary>
    public string? WebhookUrl { get; init; }
    /// <summary>Manager ids (comma-separated) who see every manager's leads, deals and chats and may issue link codes for anyone.</summary>
    public string Admins { get; init; } = "";
    /// <summary>Manager ids (comma-separated) who see their team's (same Team) leads, deals and chats and may issue link codes for them.</summary>
    public string TeamLeads { get; init; } = "";
    /// <summary>How long a link code may be redeemed.</summary>
    public TimeSpan LinkCodeLifetime { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>Items per page in /leads, /sales, /deals and /chats.</summary>
    public int PageSize { get; init; } = 5;
    /// <summary>Updates one Telegram user may send within <see cref="FloodWindow"/>; more are answered once, politely, and otherwise dropped.</summary>
    public int FloodLimit { get; init; } = 20;
    public TimeSpan FloodWindow { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>Standalone mode without a public address: fetch updates with getUpdates instead of a webhook.</summary>
    public bool Polling { get; init; }
    /// <summary>Long-poll wait of one getUpdates call (seconds); keep it under Telegram__RequestTimeout.</summary>
    public int PollingTimeoutSeconds { get; init; } = 5;
    /// <summary>Days a button's server-side record (what it does, for whom) stays valid.</summary>
    public int ButtonLifetimeDays { get; init; } = 30;

    public IReadOnlySet<string> AdminIds() => Ids(Admins);

    public IReadOnlySet<string> TeamLeadIds() => Ids(TeamLeads);

    private static HashSet<string> Ids(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>Refuses settings that cannot work, naming the setting.</summary>
    public void Validate()
    {
        if (!string.IsNullOrEmpty(WebhookSecret) && (WebhookSecret.Length > 256 || !WebhookSecret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
        {
            throw new InvalidOperationException("Bot__WebhookSecret must be 1-256 characters of A-Z, a-z, 0-9, '_' and '-' (Telegram's secret_token).");
        }
        if (PageSize is < 1 or > 20)
        {
            throw new InvalidOperationException("Bot__PageSize must be 1-20.");
        }
        if (FloodLimit < 1 || FloodWindow <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Bot__FloodLimit must be at least 1 and Bot__FloodWindow positive.");
        }
        if (PollingTimeoutSeconds is < 0 or > 50)
        {
            throw new InvalidOperationException("Bot__PollingTimeoutSeconds must be 0-50.");
        }
    }
}
