// Owns scoring a lead (LLM or rules), cached for unchanged input.
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Leads;

public sealed record LeadAnalysis(LeadScore Score, bool Cached, int PromptTokens, int CompletionTokens);

/// <summary>
/// POST /api/v1/leads/{id}/analyze[?force=true] (seed 003): scores the lead through the scorer seam
/// (LLM when configured, explainable rules otherwise). A score of unchanged input younger than the
/// cache TTL is returned as it is, unless forced.
/// </summary>
public sealed class AnalyzeLead(PipelineRepository pipeline, ILeadScorer scorer, LeadOptions options, TimeProvider time)
{
    public async Task<LeadAnalysis> RunAsync(long leadId, bool force, CancellationToken cancellationToken)
    {
        var lead = await pipeline.GetLeadAsync(leadId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Lead", leadId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var now = time.GetUtcNow();
        var input = LeadScoringInput.Of(lead, now);
        var hash = input.Hash();
        if (!force && lead.Score is { } previous && previous.InputHash == hash && now - previous.AnalyzedAt < options.AiCacheTtl)
        {
            return new LeadAnalysis(previous, Cached: true, 0, 0);
        }

        var result = await scorer.ScoreAsync(input, cancellationToken).ConfigureAwait(false);
        var score = new LeadScore(result.Score, LeadScoreBands.Recommend(result.Score), result.Reason, result.Source, now, hash);
        await pipeline.MutateLeadAsync(leadId, current => new LeadChange(current with { Score = score, UpdatedAt = now }, []), cancellationToken).ConfigureAwait(false);
        return new LeadAnalysis(score, Cached: false, result.PromptTokens, result.CompletionTokens);
    }

    /// <summary>A score older than the stale-days setting is not relied on (seed 003 AI_ANALYSIS_STALE_DAYS).</summary>
    public bool IsStale(LeadScore? score) => score is null || time.GetUtcNow() - score.AnalyzedAt > TimeSpan.FromDays(options.AnalysisStaleDays);
}
