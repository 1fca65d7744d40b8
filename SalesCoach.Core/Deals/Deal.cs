// Owns the deal model, whatever CRM it came from.
namespace SalesCoach.Core.Deals;

public enum DealStatus
{
    Open,
    Won,
    Lost,
}

/// <summary>A deal (amoCRM "lead") as SalesCoach sees it, whatever CRM it came from.</summary>
public sealed record Deal
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string ManagerId { get; init; }
    public decimal Budget { get; init; }
    /// <summary>ISO 4217 code of <see cref="Budget"/>.</summary>
    public string Currency { get; init; } = "RUB";
    /// <summary>Name of the current pipeline stage, e.g. "Переговоры".</summary>
    public required string Stage { get; init; }
    public DealStatus Status { get; init; } = DealStatus.Open;
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? ClientName { get; init; }
    /// <summary>What is being sold, or the CRM pipeline it runs in; the win model learns from it when known.</summary>
    public string? Product { get; init; }
}
