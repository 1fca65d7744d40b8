// Owns the lead scorer seam and the explainable rule scorer.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SalesCoach.Core.Leads;

/// <summary>What a lead is scored on (seed 003's table): source, stage, messages, domain, age, and BANT when assessed.</summary>
public sealed record LeadScoringInput(LeadSource Source, LeadStage Stage, int MessageCount, string? BusinessDomain, int DaysSinceCreated, int? BantTotal)
{
    public static LeadScoringInput Of(Lead lead, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return new(lead.Source, lead.Stage, lead.MessageCount, lead.BusinessDomain,
            Math.Max(0, (int)Math.Floor((now - lead.CreatedAt).TotalDays)), lead.Bant?.Total);
    }

    /// <summary>Identifies the input, so an unchanged lead within the cache TTL is not scored again.</summary>
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('|', Source, Stage, MessageCount.ToString(CultureInfo.InvariantCulture), BusinessDomain ?? "",
            DaysSinceCreated.ToString(CultureInfo.InvariantCulture), BantTotal?.ToString(CultureInfo.InvariantCulture) ?? ""))))[..32];
}

public sealed record LeadScoreResult(double Score, string Reason, string Source, int PromptTokens, int CompletionTokens);

/// <summary>Scores a lead 0–1. The rule scorer always works; the LLM scorer falls back to it.</summary>
public interface ILeadScorer
{
    Task<LeadScoreResult> ScoreAsync(LeadScoringInput input, CancellationToken cancellationToken);
}

public static class LeadScoreBands
{
    /// <summary>Seed 003: below 0.3 lost, below 0.6 continue nurturing, else transfer to sales.</summary>
    public static LeadRecommendation Recommend(double score) => score switch
    {
        < 0.3 => LeadRecommendation.Lost,
        < 0.6 => LeadRecommendation.ContinueNurturing,
        _ => LeadRecommendation.TransferToSales,
    };
}

/// <summary>
/// Explainable score: a base of 0.10 plus weighed evidence, clamped to 0–1. Every part is named in the
/// reason, so a manager sees why a lead scored what it did.
/// </summary>
public sealed class RuleLeadScorer : ILeadScorer
{
    public const string SourceName = "rules";

    public Task<LeadScoreResult> ScoreAsync(LeadScoringInput input, CancellationToken cancellationToken) => Task.FromResult(Score(input));

    public static LeadScoreResult Score(LeadScoringInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var parts = new List<(string What, double Points)> { ("base", 0.10) };
        parts.Add(($"source {Name(input.Source)}", input.Source switch
        {
            LeadSource.Partner => 0.25,
            LeadSource.Manual => 0.15,
            _ => 0.05,
        }));
        parts.Add(($"stage {Name(input.Stage)}", input.Stage switch
        {
            LeadStage.Contacted => 0.10,
            LeadStage.Qualified or LeadStage.Transferred => 0.25,
            LeadStage.Lost => -1.0,
            _ => 0.0,
        }));
        if (input.MessageCount > 0)
        {
            parts.Add(($"{input.MessageCount} messages", Math.Min(input.MessageCount, 10) * 0.02));
        }
        parts.Add((string.IsNullOrWhiteSpace(input.BusinessDomain) ? "no business domain" : $"business domain {input.BusinessDomain}",
            string.IsNullOrWhiteSpace(input.BusinessDomain) ? 0.0 : 0.15));
        if (input.BantTotal is { } bant)
        {
            parts.Add(($"BANT {bant}/100", bant / 100.0 * 0.20));
        }
        if (input.DaysSinceCreated > 30)
        {
            parts.Add(($"{input.DaysSinceCreated} days old", input.DaysSinceCreated > 60 ? -0.20 : -0.10));
        }

        var score = Math.Round(Math.Clamp(parts.Sum(p => p.Points), 0, 1), 2);
        var reason = string.Join("; ", parts.Where(p => p.Points != 0 || p.What.StartsWith("no ", StringComparison.Ordinal))
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.What} {p.Points:+0.00;-0.00;0.00}")));
        return new LeadScoreResult(score, reason, SourceName, 0, 0);
    }

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
