// Owns the dashboard's own numbers: what no other endpoint answers in one call (deals by risk, stale deals and the deal pipeline per manager, the period's team runs).
using Microsoft.DurableTask.Client;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Deals.Runs;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Dashboard;

public sealed record DashboardManager(string Id, string Name, string Team);

/// <summary>Open deals of one manager (or of everyone shown): how many, by risk level, stale, and the value at risk per currency.</summary>
public sealed record DealCounts(int Open, int Low, int Medium, int High, int Stale, IReadOnlyDictionary<string, decimal> ValueAtRisk)
{
    public static DealCounts None { get; } = new(0, 0, 0, 0, 0, new Dictionary<string, decimal>());

    public DealCounts Add(DealCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var value = new SortedDictionary<string, decimal>(ValueAtRisk.ToDictionary(), StringComparer.Ordinal);
        foreach (var (currency, amount) in other.ValueAtRisk)
        {
            value[currency] = value.GetValueOrDefault(currency) + amount;
        }
        return new(Open + other.Open, Low + other.Low, Medium + other.Medium, High + other.High, Stale + other.Stale, value);
    }
}

public sealed record ManagerDeals(string ManagerId, string ManagerName, string Team, DealCounts Deals, DateTimeOffset RankedAt);

/// <summary>Open deals in one stage: how many, and their budgets per currency.</summary>
public sealed record DealStage(string Stage, int Count, IReadOnlyDictionary<string, decimal> Amounts);

public sealed record DashboardRun(string Id, string Status, string Trigger, int Total, int Done, int Failed, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

public sealed record DashboardSummaryView(
    DateTimeOffset GeneratedAt, DateTimeOffset From, DateTimeOffset To, string TimeZone, string? Team, string? ManagerId,
    IReadOnlyList<string> Teams, IReadOnlyList<DashboardManager> Managers, int StaleDays,
    DealCounts Deals, IReadOnlyList<ManagerDeals> DealsByManager, IReadOnlyList<DealStage> Pipeline,
    IReadOnlyDictionary<string, double> SpinTarget, IReadOnlyList<DashboardRun> Runs);

/// <summary>
/// One call for the dashboard's team view. Deals are the current state (each manager's latest
/// ranking, ranked now if there is none); runs are those created in the period. The rest of the page
/// (chat numbers, lead funnel, outbox, CRM sync) comes from the endpoints that already answer it.
/// </summary>
public sealed class BuildDashboardSummary(ManagerRepository managers, DealRankings rankings, ChatAnalyticsOptions chats, DashboardOptions options, TimeProvider time)
{
    public async Task<DashboardSummaryView> RunAsync(DurableTaskClient client, string? team, string? managerId, string? from, string? to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var zone = TimeZones.Find(chats.TimeZone);
        var period = ChatPeriod.Parse(from, to, zone, time.GetUtcNow());
        if (period.From >= period.To)
        {
            throw new InputValidationException("from", "'from' must be before 'to'.");
        }
        if (period.To - period.From > TimeSpan.FromDays(366))
        {
            throw new InputValidationException("from", "The period is at most 366 days.");
        }

        var everyone = (await managers.ListAsync(cancellationToken).ConfigureAwait(false)).OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
        var teams = everyone.Select(m => m.Team).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (team is not null && !teams.Contains(team, StringComparer.Ordinal))
        {
            throw new NotFoundException("Team", team);
        }
        if (managerId is not null)
        {
            Keys.RequireId(managerId, "manager_id");
            var manager = everyone.FirstOrDefault(m => m.Id == managerId) ?? throw new NotFoundException("Manager", managerId);
            if (team is not null && manager.Team != team)
            {
                throw new InputValidationException("manager_id", $"Manager '{managerId}' is not in team '{team}'.");
            }
        }
        var shown = everyone.Where(m => (team is null || m.Team == team) && (managerId is null || m.Id == managerId)).ToList();

        var perManager = new List<ManagerDeals>();
        var stages = new Dictionary<string, (int Count, Dictionary<string, decimal> Amounts)>(StringComparer.Ordinal);
        foreach (var manager in shown)
        {
            var (counts, rankedAt) = await CountAsync(manager, stages, cancellationToken).ConfigureAwait(false);
            perManager.Add(new ManagerDeals(manager.Id, manager.Name, manager.Team, counts, rankedAt));
        }
        var pipeline = stages.OrderByDescending(s => s.Value.Count).ThenBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new DealStage(s.Key, s.Value.Count, s.Value.Amounts)).ToList();

        var runs = await RunsAsync(client, period, shown.Select(m => m.Id).ToHashSet(StringComparer.Ordinal), team is null && managerId is null, cancellationToken).ConfigureAwait(false);
        return new DashboardSummaryView(time.GetUtcNow(), period.From, period.To, zone.Id, team, managerId,
            teams, everyone.Select(m => new DashboardManager(m.Id, m.Name, m.Team)).ToList(), options.StaleDays,
            perManager.Aggregate(DealCounts.None, (sum, m) => sum.Add(m.Deals)), perManager, pipeline,
            SpinImprovementPlanner.TargetMix.ToDictionary(t => ChatLexicon.SpinKey(t.Key), t => t.Value), runs);
    }

    private async Task<(DealCounts Counts, DateTimeOffset RankedAt)> CountAsync(
        Manager manager, Dictionary<string, (int Count, Dictionary<string, decimal> Amounts)> stages, CancellationToken cancellationToken)
    {
        var counts = DealCounts.None;
        string? continuation = null;
        DateTimeOffset rankedAt;
        do
        {
            var page = await rankings.PageAsync(manager.Id, DealRankings.MaxPageSize, continuation, cancellationToken).ConfigureAwait(false);
            rankedAt = page.RankedAt;
            foreach (var deal in page.Deals)
            {
                var stale = deal.DaysSinceLastTouch is null || deal.DaysSinceLastTouch >= options.StaleDays;
                counts = counts.Add(new DealCounts(1,
                    deal.RiskLevel == RiskLevel.Low ? 1 : 0, deal.RiskLevel == RiskLevel.Medium ? 1 : 0, deal.RiskLevel == RiskLevel.High ? 1 : 0,
                    stale ? 1 : 0, new Dictionary<string, decimal> { [deal.Currency] = deal.ValueAtRisk }));
                var (count, amounts) = stages.TryGetValue(deal.Stage, out var found) ? found : (0, new Dictionary<string, decimal>(StringComparer.Ordinal));
                amounts[deal.Currency] = amounts.GetValueOrDefault(deal.Currency) + deal.Budget;
                stages[deal.Stage] = (count + 1, amounts);
            }
            continuation = page.Continuation;
        }
        while (continuation is not null);
        return (counts, rankedAt);
    }

    private async Task<IReadOnlyList<DashboardRun>> RunsAsync(DurableTaskClient client, ChatPeriod period, HashSet<string> shown, bool everyone, CancellationToken cancellationToken)
    {
        var query = new OrchestrationQuery { CreatedFrom = period.From, CreatedTo = period.To, FetchInputsAndOutputs = false, PageSize = 100 };
        var candidates = new List<OrchestrationMetadata>();
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (instance.Name == TeamRunNames.Orchestration)
            {
                candidates.Add(instance);
            }
        }
        var runs = new List<DashboardRun>();
        foreach (var instance in candidates.OrderByDescending(i => i.CreatedAt))
        {
            if (runs.Count == options.RunsShown)
            {
                break;
            }
            var run = await TeamRuns.GetAsync(client, instance.InstanceId, cancellationToken).ConfigureAwait(false);
            // A filtered view lists the runs that included someone shown.
            if (run is null || (!everyone && !run.Progress.Managers.Any(m => shown.Contains(m.ManagerId))))
            {
                continue;
            }
            var p = run.Progress;
            runs.Add(new DashboardRun(run.Id, run.Status, p.Trigger, p.Total, p.Done, p.Failed, p.CreatedAt, p.CompletedAt));
        }
        return runs;
    }
}
