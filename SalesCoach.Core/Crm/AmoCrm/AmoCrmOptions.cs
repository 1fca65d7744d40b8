// Owns amoCRM / Kommo settings.
namespace SalesCoach.Core.Crm.AmoCrm;

/// <summary>amoCRM / Kommo API v4 settings ("AmoCrm" section).</summary>
public sealed record AmoCrmOptions
{
    /// <summary>The account's base URL, e.g. https://mycompany.amocrm.ru (or .kommo.com).</summary>
    public string? BaseUrl { get; init; }
    public string? ClientId { get; init; }
    public string? ClientSecret { get; init; }
    public string? RedirectUri { get; init; }
    /// <summary>Bootstrap tokens from the integration's authorization; after the first refresh the stored pair is used.</summary>
    public string? AccessToken { get; init; }
    public string? RefreshToken { get; init; }
    /// <summary>Shared secret that amoCRM webhook URLs carry as ?secret=… (amoCRM does not sign its webhooks).</summary>
    public string? WebhookSecret { get; init; }
    /// <summary>Time zone given to managers first seen through amoCRM.</summary>
    public string DefaultTimeZone { get; init; } = "Europe/Moscow";
    /// <summary>amoCRM allows 7 requests per second per integration.</summary>
    public int RequestsPerSecond { get; init; } = 7;
    /// <summary>Items per page (amoCRM's maximum is 250).</summary>
    public int PageSize { get; init; } = 250;
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public int MaxRetries { get; init; } = 4;
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public bool IsConfigured =>
        Uri.TryCreate(BaseUrl, UriKind.Absolute, out _) && !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret)
        && (!string.IsNullOrWhiteSpace(RefreshToken) || !string.IsNullOrWhiteSpace(AccessToken));
}
