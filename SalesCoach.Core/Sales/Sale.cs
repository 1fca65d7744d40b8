// Owns the sale model and its stages.
using SalesCoach.Core.Leads;

namespace SalesCoach.Core.Sales;

public enum SaleStage
{
    New,
    Kyc,
    Agreement,
    Paid,
    Lost,
}

/// <summary>A sale created by transferring a lead (seed 003). A lead transfers once, so the sale shares its id.</summary>
public sealed record Sale
{
    public required long Id { get; init; }
    public required long LeadId { get; init; }
    public required SaleStage Stage { get; init; }
    public required decimal Amount { get; init; }
    public string? OwnerManagerId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required DateTimeOffset StageChangedAt { get; init; }

    public static StageMachine<SaleStage> Machine { get; } =
        new([SaleStage.New, SaleStage.Kyc, SaleStage.Agreement, SaleStage.Paid], SaleStage.Lost);
}
