// Owns the settings of the autonomous agent: interventions, inactivity thresholds, recommendation lifetimes, retention.
namespace SalesCoach.Core.Agent;

/// <summary>Settings under "Agent" (Agent__InterventionThrottle …); every one is documented in local.settings.sample.json.</summary>
public sealed record AgentOptions
{
    /// <summary>At most one intervention per chat in this window; further signals in it are recorded but not sent.</summary>
    public TimeSpan InterventionThrottle { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>Messages older than this when they arrive (imports, first pulls of history) get no intervention.</summary>
    public TimeSpan InterventionMaxMessageAge { get; init; } = TimeSpan.FromHours(1);
    /// <summary>A client whose open deal is at least this budget is a high-value lead: their every message is an intervention.</summary>
    public decimal HighValueBudget { get; init; } = 300_000m;
    /// <summary>Competitor names to watch besides the lexicon's list, comma-separated (matched case-insensitively as words).</summary>
    public string ExtraCompetitors { get; init; } = "";
    /// <summary>How long a recommendation stays open before the midnight job expires it.</summary>
    public TimeSpan RecommendationLifetime { get; init; } = TimeSpan.FromDays(3);
    /// <summary>Qualified leads idle this many days get a warning.</summary>
    public int WarningIdleDays { get; init; } = 7;
    /// <summary>Any open lead or deal idle this many days gets a critical alert.</summary>
    public int CriticalIdleDays { get; init; } = 14;
    /// <summary>How many priorities a daily plan holds.</summary>
    public int PlanPriorities { get; init; } = 3;
    /// <summary>Days the actions log, interventions and sent outbox messages are kept by the cleanup job.</summary>
    public int RetentionDays { get; init; } = 90;

    public IReadOnlyList<string> ExtraCompetitorNames() =>
        ExtraCompetitors.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
