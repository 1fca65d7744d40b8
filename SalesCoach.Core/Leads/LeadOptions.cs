// Owns lead pipeline settings (thresholds, cache, staleness).
namespace SalesCoach.Core.Leads;

/// <summary>Bound from the "Leads" section. Defaults are the seeds' values.</summary>
public sealed record LeadOptions
{
    /// <summary>BANT total at which a contacted lead becomes qualified (seed 001: 50).</summary>
    public int QualifyBantScore { get; init; } = 50;
    /// <summary>BANT total that creates an urgent "schedule a meeting" recommendation (seed 001: 75).</summary>
    public int MeetingBantScore { get; init; } = 75;
    /// <summary>Lowest AI score a lead may be transferred with (seed 003 MIN_TRANSFER_SCORE).</summary>
    public double MinTransferScore { get; init; } = 0.6;
    /// <summary>An analysis of unchanged input younger than this is reused (seed 003 AI_CACHE_TTL = 3600 s).</summary>
    public TimeSpan AiCacheTtl { get; init; } = TimeSpan.FromHours(1);
    /// <summary>An analysis older than this is redone before it is relied on (seed 003 AI_ANALYSIS_STALE_DAYS).</summary>
    public int AnalysisStaleDays { get; init; } = 7;
}
