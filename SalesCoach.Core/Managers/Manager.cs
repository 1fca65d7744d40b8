// Owns the manager model: the person who owns deals and is coached.
namespace SalesCoach.Core.Managers;

/// <summary>A person who owns deals and gets coached (a "sales agent" in some CRM data sets).</summary>
public sealed record Manager
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>The user's id in the source CRM (amoCRM user id, RetailCRM manager id), when known.</summary>
    public string? CrmUserId { get; init; }
    /// <summary>Telegram chat that receives this manager's cards; null means "not connected yet".</summary>
    public long? TelegramChatId { get; init; }
    /// <summary>IANA time zone id, e.g. "Europe/Moscow". Business hours and the daily review use it.</summary>
    public required string TimeZone { get; init; }
    public required string Team { get; init; }
    /// <summary>The language of this manager's cards and alerts (ru, uk or en); null means the team's (<see cref="LanguageOptions"/>).</summary>
    public string? Language { get; init; }
}
