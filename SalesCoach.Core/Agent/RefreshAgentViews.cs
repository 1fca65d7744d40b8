// Owns the precomputed dashboard of the agent (refreshed every 6 hours): actions summary, daily review performance, memory, recommendation outcomes.
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Agent;

public sealed record RecommendationOutcomes(int Total, int Open, int Accepted, int Done, int Dismissed, int Expired, double? AcceptanceRate, double? CompletionRate);

/// <summary>The dashboard as of <see cref="ComputedAt"/>: seed 001's dashboard queries, precomputed.</summary>
public sealed record AgentDashboard(
    DateTimeOffset ComputedAt, IReadOnlyList<ActionSummaryRow> ActionsSummary, IReadOnlyList<PlanPerformanceRow> DailyReviewPerformance,
    IReadOnlyList<MemoryTypeSummary> AgentMemory, RecommendationOutcomes Recommendations);

/// <summary>
/// Every 6 hours: the actions summary (7 days), the daily review performance (30 days), the memory summary and the
/// recommendations' outcomes (30 days: acceptance = accepted or done of all; completion = done of all) into one row,
/// so a dashboard reads one row instead of scanning tables.
/// </summary>
public sealed class RefreshAgentViews(ActionLog actions, AgentDailyReview review, AgentMemory memory, RecommendationRepository recommendations, StorageAccount storage, TimeProvider time)
{
    private const string TableName = "agentviews";

    public async Task<AgentDashboard> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var recent = await recommendations.ListCreatedSinceAsync(now.AddDays(-30), cancellationToken).ConfigureAwait(false);
        var statuses = recent.Select(r => r.StatusAt(now)).ToList();
        int Count(RecommendationStatus s) => statuses.Count(x => x == s);
        var outcomes = new RecommendationOutcomes(statuses.Count, Count(RecommendationStatus.Open), Count(RecommendationStatus.Accepted), Count(RecommendationStatus.Done),
            Count(RecommendationStatus.Dismissed), Count(RecommendationStatus.Expired),
            statuses.Count == 0 ? null : Math.Round(100.0 * (Count(RecommendationStatus.Accepted) + Count(RecommendationStatus.Done)) / statuses.Count, 2),
            statuses.Count == 0 ? null : Math.Round(100.0 * Count(RecommendationStatus.Done) / statuses.Count, 2));
        var dashboard = new AgentDashboard(now, await actions.SummaryAsync(7, cancellationToken).ConfigureAwait(false),
            await review.PerformanceAsync(30, cancellationToken).ConfigureAwait(false),
            AgentMemory.Summarise(await memory.ListAllAsync(cancellationToken).ConfigureAwait(false)), outcomes);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity("view", "dashboard") { ["Json"] = Json.Serialize(dashboard), ["ComputedAt"] = now }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return dashboard;
    }

    /// <summary>The last refresh, or null before the first.</summary>
    public async Task<AgentDashboard?> GetAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync("view", "dashboard", cancellationToken).ConfigureAwait(false);
        return entity is null ? null : Json.Deserialize<AgentDashboard>(entity.RequiredString("Json"));
    }
}
