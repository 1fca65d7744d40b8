// Owns the request and response bodies of the lead and sale pipeline API.
using SalesCoach.Core.Leads;
using SalesCoach.Core.Sales;

namespace SalesCoach.Functions.Functions.Leads;

/// <summary>Request and response bodies of /api/v1 (the lead and sale pipeline), snake_case on the wire.</summary>
public sealed record ContactBody(string? Name, string? Phone, string? Email);

public sealed record CreateLeadBody(string? Source, string? BusinessDomain, ContactBody? Contact, string? OwnerManagerId);

public sealed record StageBody(string? Stage, string? ChangedBy, string? Reason);

public sealed record MessagesBody(int? Increment);

public sealed record BantBody(int? Budget, int? Authority, int? Need, int? Timeline);

public sealed record BantView(int Budget, int Authority, int Need, int Timeline, int Total, DateTimeOffset AssessedAt);

public sealed record LeadView(
    long Id, LeadSource Source, LeadStage Stage, string? BusinessDomain, LeadContact? Contact, string? OwnerManagerId,
    int MessageCount, BantView? Bant, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] double? AiScore, LeadRecommendation? AiRecommendation, string? AiReason, string? AiSource,
    DateTimeOffset? AiAnalyzedAt, IReadOnlyList<OwnerRecommendation> Recommendations,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset StageChangedAt, IReadOnlyList<StageTransition>? History)
{
    public static LeadView Of(Lead lead, IReadOnlyList<StageTransition>? history = null) => new(
        lead.Id, lead.Source, lead.Stage, lead.BusinessDomain, lead.Contact, lead.OwnerManagerId, lead.MessageCount,
        lead.Bant is { } b ? new BantView(b.Budget, b.Authority, b.Need, b.Timeline, b.Total, b.AssessedAt) : null,
        lead.Score?.Score, lead.Score?.Recommendation, lead.Score?.Reason, lead.Score?.Source, lead.Score?.AnalyzedAt,
        lead.Recommendations, lead.CreatedAt, lead.UpdatedAt, lead.StageChangedAt, history);
}

public sealed record SaleView(
    long Id, long LeadId, SaleStage Stage, decimal Amount, string? OwnerManagerId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset StageChangedAt, IReadOnlyList<StageTransition>? History)
{
    public static SaleView Of(Sale sale, IReadOnlyList<StageTransition>? history = null) => new(
        sale.Id, sale.LeadId, sale.Stage, sale.Amount, sale.OwnerManagerId, sale.CreatedAt, sale.UpdatedAt, sale.StageChangedAt, history);
}

public sealed record PageView<T>(IReadOnlyList<T> Items, int Count, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] string? Next);

public sealed record AnalysisView(double Score, LeadRecommendation Recommendation, string Reason, string Source, DateTimeOffset AnalyzedAt, bool Cached);
