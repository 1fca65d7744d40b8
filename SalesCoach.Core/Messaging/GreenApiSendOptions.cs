// Owns GREEN-API sending settings.
namespace SalesCoach.Core.Messaging;

/// <summary>GREEN-API sending settings ("GreenApi" section): the instance's API host (e.g. https://1103.api.green-api.com), id and token.</summary>
public sealed record GreenApiSendOptions
{
    public string? ApiUrl { get; init; }
    public string? IdInstance { get; init; }
    public string? ApiTokenInstance { get; init; }
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(20);
    public int MaxRetries { get; init; } = 3;
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public bool CanSend => Uri.TryCreate(ApiUrl, UriKind.Absolute, out _) && !string.IsNullOrWhiteSpace(IdInstance) && !string.IsNullOrWhiteSpace(ApiTokenInstance);
}
