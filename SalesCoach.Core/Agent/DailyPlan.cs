// Owns the daily plan model (seed 001's daily action plan JSON) and its table.
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Agent;

/// <summary>One of a plan's top priorities (seed 001: lead_name, action, reasoning, urgency, win_probability, suggested_script).</summary>
public sealed record PlanPriority(
    TargetKind TargetKind, string TargetId, string LeadName, string Action, string Reasoning, RecommendationUrgency Urgency,
    double WinProbability, string SuggestedScript, string? Channel, string RecommendationId);

/// <summary>A manager's plan for one local day: the top priorities, strategic insights, risks and quick wins.</summary>
public sealed record DailyPlan(
    string ManagerId, string PlanDate, [property: JsonPropertyName("top_3_priorities")] IReadOnlyList<PlanPriority> Top3Priorities, string StrategicInsights, IReadOnlyList<string> Risks,
    IReadOnlyList<string> QuickWins, string Source, DateTimeOffset CreatedAt, int CandidatesConsidered);

/// <summary>Plans: partition per manager, row per plan day (yyyy-MM-dd), the plan itself as JSON.</summary>
public sealed class DailyPlanRepository(StorageAccount storage)
{
    private const string TableName = "agentplans";

    /// <summary>Stores the plan unless that manager's day has one already; returns the stored plan either way.</summary>
    public async Task<(DailyPlan Plan, bool Added)> AddAsync(DailyPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(new TableEntity(plan.ManagerId, plan.PlanDate)
            {
                ["PlanDate"] = plan.PlanDate,
                ["Source"] = plan.Source,
                ["CreatedAt"] = plan.CreatedAt,
                ["ActionsTotal"] = plan.Top3Priorities.Count,
                ["Plan"] = Json.Serialize(plan),
            }, cancellationToken).ConfigureAwait(false);
            return (plan, true);
        }
        catch (Azure.RequestFailedException e) when (e.IsConflict())
        {
            return ((await GetAsync(plan.ManagerId, plan.PlanDate, cancellationToken).ConfigureAwait(false))!, false);
        }
    }

    public async Task<DailyPlan?> GetAsync(string managerId, string planDate, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(managerId, planDate, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : Json.Deserialize<DailyPlan>(entity.RequiredString("Plan"));
    }

    /// <summary>Every plan from <paramref name="fromDate"/> (yyyy-MM-dd) on.</summary>
    public async Task<IReadOnlyList<DailyPlan>> ListFromAsync(string fromDate, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        return await table.QueryListAsync($"RowKey ge {Keys.Literal(fromDate)}", e => Json.Deserialize<DailyPlan>(e.RequiredString("Plan")), cancellationToken).ConfigureAwait(false);
    }
}
