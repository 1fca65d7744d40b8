// Owns the pipeline dashboard: totals, by stage, conversion funnel, stage velocity.
using SalesCoach.Core.Leads;

namespace SalesCoach.Core.Sales;

public sealed record StageAmount(int Count, decimal Amount);

public sealed record DashboardTotals(
    int LeadsTotal, IReadOnlyDictionary<string, int> LeadsByStage, int SalesTotal, IReadOnlyDictionary<string, StageAmount> SalesByStage,
    decimal PaidAmount, decimal OpenPipelineAmount, double LeadToSaleConversion, double? AverageAiScore);

/// <summary>One step of the funnel: how many reached <see cref="Stage"/>, and what share of the step before.</summary>
public sealed record FunnelStep(string Entity, string Stage, int Reached, double? ConversionFromPrevious);

/// <summary>Seed 001 "status transition velocity": days spent in a stage before leaving it.</summary>
public sealed record StageVelocity(string Entity, string Stage, int Transitions, double AverageDays, double MedianDays);

/// <summary>
/// Seeds 001 and 003 dashboards, computed from one scan of the pipeline table. Each lead's rows are
/// written atomically (ETag), so every lead is counted in exactly one consistent state.
/// </summary>
public sealed class PipelineDashboard(PipelineRepository pipeline)
{
    public async Task<DashboardTotals> TotalsAsync(CancellationToken cancellationToken)
    {
        var (leads, sales, _) = await pipeline.ScanAsync(cancellationToken).ConfigureAwait(false);
        var scores = leads.Where(l => l.Score is not null).Select(l => l.Score!.Score).ToList();
        return new DashboardTotals(
            leads.Count,
            LeadsByStage(leads),
            sales.Count,
            SalesByStage(sales),
            sales.Where(s => s.Stage == SaleStage.Paid).Sum(s => s.Amount),
            sales.Where(s => !Sale.Machine.IsFinal(s.Stage)).Sum(s => s.Amount),
            leads.Count == 0 ? 0 : Math.Round((double)sales.Count / leads.Count, 4),
            scores.Count == 0 ? null : Math.Round(scores.Average(), 3));
    }

    public async Task<IReadOnlyDictionary<string, int>> LeadsByStageAsync(CancellationToken cancellationToken) =>
        LeadsByStage((await pipeline.ScanAsync(cancellationToken).ConfigureAwait(false)).Leads);

    public async Task<IReadOnlyDictionary<string, StageAmount>> SalesByStageAsync(CancellationToken cancellationToken) =>
        SalesByStage((await pipeline.ScanAsync(cancellationToken).ConfigureAwait(false)).Sales);

    /// <summary>
    /// Lead path new → contacted → qualified → transferred, then the sale path kyc → agreement → paid.
    /// A lead "reached" a stage if it is there now, passed through it (history), or left for lost from it or later.
    /// </summary>
    public async Task<IReadOnlyList<FunnelStep>> ConversionFunnelAsync(CancellationToken cancellationToken)
    {
        var (leads, sales, history) = await pipeline.ScanAsync(cancellationToken).ConfigureAwait(false);
        var byLead = history.ToLookup(h => h.LeadId);
        var steps = new List<FunnelStep>();
        int? previous = null;

        var leadPath = Lead.Machine.Path;
        var leadReached = leads.Select(l => Furthest(leadPath, l.Stage, byLead[l.Id].Where(h => h.Transition.Entity == "lead"))).ToList();
        for (var i = 0; i < leadPath.Count; i++)
        {
            var reached = leadReached.Count(r => r >= i);
            steps.Add(new FunnelStep("lead", StageMachine<LeadStage>.Name(leadPath[i]), reached, Conversion(previous, reached)));
            previous = reached;
        }

        var salePath = Sale.Machine.Path;
        var saleReached = sales.Select(s => Furthest(salePath, s.Stage, byLead[s.Id].Where(h => h.Transition.Entity == "sale"))).ToList();
        // A sale's "new" is the lead's "transferred", already counted.
        for (var i = 1; i < salePath.Count; i++)
        {
            var reached = saleReached.Count(r => r >= i);
            steps.Add(new FunnelStep("sale", StageMachine<SaleStage>.Name(salePath[i]), reached, Conversion(previous, reached)));
            previous = reached;
        }
        return steps;
    }

    /// <summary>Average and median days spent in each stage, from creation and the stage history.</summary>
    public async Task<IReadOnlyList<StageVelocity>> VelocityAsync(CancellationToken cancellationToken)
    {
        var (leads, sales, history) = await pipeline.ScanAsync(cancellationToken).ConfigureAwait(false);
        var byLead = history.ToLookup(h => h.LeadId);
        var durations = new List<(string Entity, string Stage, double Days)>();
        foreach (var lead in leads)
        {
            Collect("lead", StageMachine<LeadStage>.Name(LeadStage.New), lead.CreatedAt, byLead[lead.Id].Where(h => h.Transition.Entity == "lead"), durations);
        }
        foreach (var sale in sales)
        {
            Collect("sale", StageMachine<SaleStage>.Name(SaleStage.New), sale.CreatedAt, byLead[sale.Id].Where(h => h.Transition.Entity == "sale"), durations);
        }
        return durations
            .GroupBy(d => (d.Entity, d.Stage))
            .Select(g =>
            {
                var days = g.Select(d => d.Days).Order().ToList();
                var median = days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2;
                return new StageVelocity(g.Key.Entity, g.Key.Stage, days.Count, Math.Round(days.Average(), 2), Math.Round(median, 2));
            })
            .OrderBy(v => v.Entity, StringComparer.Ordinal).ThenBy(v => v.AverageDays)
            .ToList();
    }

    private static void Collect(string entity, string firstStage, DateTimeOffset createdAt, IEnumerable<HistoryEntry> history, List<(string, string, double)> durations)
    {
        var stage = firstStage;
        var since = createdAt;
        foreach (var entry in history.OrderBy(h => h.Transition.At))
        {
            durations.Add((entity, stage, Math.Max(0, (entry.Transition.At - since).TotalDays)));
            stage = entry.Transition.To;
            since = entry.Transition.At;
        }
    }

    private static int Furthest<TStage>(IReadOnlyList<TStage> path, TStage current, IEnumerable<HistoryEntry> history) where TStage : struct, Enum
    {
        var names = path.Select(StageMachine<TStage>.Name).ToList();
        var furthest = names.IndexOf(StageMachine<TStage>.Name(current));
        foreach (var entry in history)
        {
            furthest = Math.Max(furthest, Math.Max(names.IndexOf(entry.Transition.From), names.IndexOf(entry.Transition.To)));
        }
        return Math.Max(furthest, 0);
    }

    private static double? Conversion(int? previous, int reached) =>
        previous is null ? null : previous == 0 ? 0 : Math.Round((double)reached / previous.Value, 4);

    private static Dictionary<string, int> LeadsByStage(List<Lead> leads) =>
        Lead.Machine.Stages.ToDictionary(StageMachine<LeadStage>.Name, stage => leads.Count(l => l.Stage == stage));

    private static Dictionary<string, StageAmount> SalesByStage(List<Sale> sales) =>
        Sale.Machine.Stages.ToDictionary(StageMachine<SaleStage>.Name, stage =>
            new StageAmount(sales.Count(s => s.Stage == stage), sales.Where(s => s.Stage == stage).Sum(s => s.Amount)));
}
