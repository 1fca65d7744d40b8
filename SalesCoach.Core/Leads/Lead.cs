// Owns the lead model: stages, sources, contact, BANT, score, recommendations, history.
namespace SalesCoach.Core.Leads;

public enum LeadStage
{
    New,
    Contacted,
    Qualified,
    Transferred,
    Lost,
}

public enum LeadSource
{
    Scanner,
    Partner,
    Manual,
}

public enum LeadRecommendation
{
    Lost,
    ContinueNurturing,
    TransferToSales,
}

public sealed record LeadContact(string? Name, string? Phone, string? Email);

/// <summary>BANT assessment (seed 001): each part 0–25, total 0–100.</summary>
public sealed record BantAssessment(int Budget, int Authority, int Need, int Timeline, DateTimeOffset AssessedAt)
{
    public int Total => Budget + Authority + Need + Timeline;
}

/// <summary>The lead score (seed 003): 0–1, what to do, and why.</summary>
public sealed record LeadScore(double Score, LeadRecommendation Recommendation, string Reason, string Source, DateTimeOffset AnalyzedAt, string InputHash);

/// <summary>Something the owner should do, created by an automatic rule (seed 001: BANT ≥ 75 → schedule a meeting).</summary>
public sealed record OwnerRecommendation(string Type, string Urgency, string Text, DateTimeOffset CreatedAt);

public sealed record Lead
{
    public required long Id { get; init; }
    public required LeadSource Source { get; init; }
    public required LeadStage Stage { get; init; }
    public string? BusinessDomain { get; init; }
    public LeadContact? Contact { get; init; }
    public string? OwnerManagerId { get; init; }
    public int MessageCount { get; init; }
    public BantAssessment? Bant { get; init; }
    public LeadScore? Score { get; init; }
    public IReadOnlyList<OwnerRecommendation> Recommendations { get; init; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required DateTimeOffset StageChangedAt { get; init; }

    public static StageMachine<LeadStage> Machine { get; } =
        new([LeadStage.New, LeadStage.Contacted, LeadStage.Qualified, LeadStage.Transferred], LeadStage.Lost);
}

/// <summary>One recorded stage change of a lead or a sale.</summary>
public sealed record StageTransition(string Entity, string From, string To, bool Automated, string? ChangedBy, string? Reason, DateTimeOffset At);
