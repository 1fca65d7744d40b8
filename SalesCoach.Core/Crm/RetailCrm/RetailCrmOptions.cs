// Owns RetailCRM and MG settings.
namespace SalesCoach.Core.Crm.RetailCrm;

/// <summary>RetailCRM API v5 and its messaging (MG Bot API v1) settings ("RetailCrm" section).</summary>
public sealed record RetailCrmOptions
{
    /// <summary>e.g. https://mycompany.retailcrm.ru</summary>
    public string? BaseUrl { get; init; }
    /// <summary>Sent as the X-API-KEY header.</summary>
    public string? ApiKey { get; init; }
    /// <summary>The MG Bot API endpoint of the account's messaging (chats and messages of WhatsApp and Instagram); optional.</summary>
    public string? MgUrl { get; init; }
    /// <summary>Sent as the X-Bot-Token header to the MG Bot API.</summary>
    public string? MgToken { get; init; }
    /// <summary>The account's time zone: RetailCRM dates ("2026-11-20 10:00:00") carry none.</summary>
    public string TimeZone { get; init; } = "Europe/Moscow";
    /// <summary>Order status codes that mean won and lost.</summary>
    public string[] WonStatuses { get; init; } = ["complete"];
    public string[] LostStatuses { get; init; } = ["cancel-other"];
    public string Currency { get; init; } = "RUB";
    /// <summary>RetailCRM allows 10 requests per second per API key.</summary>
    public int RequestsPerSecond { get; init; } = 10;
    /// <summary>20, 50 or 100 (RetailCRM's allowed page sizes).</summary>
    public int PageSize { get; init; } = 100;
    /// <summary>Records per MG Bot API call; MG returns at most 1000, so more is read as 1000.</summary>
    public int MgPageSize { get; init; } = 1000;
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public int MaxRetries { get; init; } = 4;
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public bool IsConfigured => Uri.TryCreate(BaseUrl, UriKind.Absolute, out _) && !string.IsNullOrWhiteSpace(ApiKey);

    /// <summary>RetailCRM refuses other page sizes ("The value you selected is not a valid choice").</summary>
    public static readonly IReadOnlyList<int> AllowedPageSizes = [20, 50, 100];

    /// <summary>The MG Bot API's cap on records per call.</summary>
    public const int MgMaxPageSize = 1000;

    public int ValidPageSize => AllowedPageSizes.Contains(PageSize)
        ? PageSize
        : throw new InvalidOperationException($"Setting RetailCrm__PageSize = {PageSize} is not one of RetailCRM's page sizes (20, 50, 100).");

    /// <summary>A page shorter than the limit ends the list, so the limit asked for must be one MG really honours.</summary>
    public int ValidMgPageSize => Math.Clamp(MgPageSize, 1, MgMaxPageSize);

    public bool HasMessaging => Uri.TryCreate(MgUrl, UriKind.Absolute, out _) && !string.IsNullOrWhiteSpace(MgToken);
}
