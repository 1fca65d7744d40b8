// Owns fitting the win model on closed deals seen at landmarks of their life, and judging it on a later holdout.
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Managers;

namespace SalesCoach.Core.Deals.Forecast;

/// <summary>A deal with its whole history (activities sorted by time).</summary>
public sealed record DealHistory(Deal Deal, IReadOnlyList<Activity> Activities);

/// <summary>Settings of the win model (the "Coaching" section).</summary>
public sealed record WinModelOptions
{
    /// <summary>Closed deals (won + lost) the team needs before the model replaces the rule score.</summary>
    public int MinClosedDeals { get; init; } = 200;
    /// <summary>L2 penalty on the standardised coefficients.</summary>
    public double L2 { get; init; } = 1.0;
    /// <summary>Pseudo-deals at the team's rate added to each manager's record.</summary>
    public double Shrinkage { get; init; } = 20;
    /// <summary>A stage or product needs this many training deals to get its own coefficient.</summary>
    public int MinCategoryDeals { get; init; } = 20;
    /// <summary>The latest share of closed deals held out for evaluation when no holdout date is given.</summary>
    public double HoldoutShare { get; init; } = 0.2;
    /// <summary>A team run refits a model older than this first.</summary>
    public int MaxAgeHours { get; init; } = 24;
    /// <summary>NCrontab schedule of the refit timer.</summary>
    public string RefitSchedule { get; init; } = "0 30 2 * * *";
}

/// <summary>The model against the rule score and a constant base rate on deals closed after <see cref="HoldoutFrom"/>.</summary>
public sealed record HoldoutEvaluation(
    DateTimeOffset HoldoutFrom, int TrainDeals, int TrainRows, int HoldoutDeals,
    ScoreEvaluation Model, ScoreEvaluation Rules, double BaseRate, double BaseRateBrier);

/// <summary>
/// Fits <see cref="WinModel"/> without looking ahead. A closed deal is seen at landmarks of its life
/// (0, 7, 14, 30 … 730 days after creation, while it was still open), each with what was known then:
/// its stage, age, calls and messages so far, and its manager's record of deals closed before that
/// instant. Its landmarks share one unit of weight, so long deals do not outvote short ones. An open
/// deal is then scored as "a deal still open at this age".
/// </summary>
public sealed class WinModelFitter(WinModelOptions options, RuleCoach rules)
{
    public static readonly int[] LandmarkDays = [0, 7, 14, 30, 60, 90, 120, 180, 270, 365, 540, 730];
    public const int MinHoldoutDeals = 20;

    private static readonly string[] NumericFeatures =
    [
        "log_age_days", "log_days_in_stage", "log_value", "log_calls", "log_messages", "has_touches",
        "log_days_since_touch", "log_stage_moves", "has_planned_task", "has_overdue_task", "manager_win_rate_logit",
    ];

    /// <summary>Fits on deals closed before <paramref name="until"/>; null when fewer than the minimum.</summary>
    public WinModel? Fit(IReadOnlyList<DealHistory> closed, DateTimeOffset until, string id)
    {
        ArgumentNullException.ThrowIfNull(closed);
        var timeline = new WinTimeline(closed);
        var training = closed.Where(h => h.Deal.ClosedAt < until).ToList();
        return training.Count < options.MinClosedDeals ? null : FitOn(training, until, id, timeline);
    }

    /// <summary>Fits on deals closed before <paramref name="holdoutFrom"/> and scores those closed from it on; null when either side is too small.</summary>
    public HoldoutEvaluation? Evaluate(IReadOnlyList<DealHistory> closed, DateTimeOffset holdoutFrom, TeamNorms norms)
    {
        ArgumentNullException.ThrowIfNull(closed);
        var timeline = new WinTimeline(closed);
        var training = closed.Where(h => h.Deal.ClosedAt < holdoutFrom).ToList();
        var holdout = closed.Where(h => h.Deal.ClosedAt >= holdoutFrom).ToList();
        if (training.Count < options.MinClosedDeals / 2 || holdout.Count < MinHoldoutDeals)
        {
            return null;
        }
        var model = FitOn(training, holdoutFrom, "holdout", timeline);
        var modelScores = new List<double>();
        var ruleScores = new List<double>();
        var outcomes = new List<bool>();
        foreach (var history in holdout)
        {
            var deal = history.Deal;
            var at = deal.CreatedAt > holdoutFrom ? deal.CreatedAt : holdoutFrom;
            if (at >= deal.ClosedAt)
            {
                continue;
            }
            var snapshot = DealSnapshot.At(history, at);
            var inputs = new WinInputs(snapshot.Deal.Stage, deal.Product, deal.Budget, snapshot.Metrics, timeline.RateAt(deal.ManagerId, at, options.Shrinkage));
            modelScores.Add(model.Predict(inputs));
            var context = new DealContext(Anyone(deal.ManagerId), snapshot.Deal, snapshot.Activities, snapshot.Metrics, at) { Norms = norms };
            ruleScores.Add(rules.Advise(context).ConversionProbability / 100.0);
            outcomes.Add(deal.Status == DealStatus.Won);
        }
        if (outcomes.Count < MinHoldoutDeals)
        {
            return null;
        }
        var baseRate = training.Count(h => h.Deal.Status == DealStatus.Won) / (double)training.Count;
        var baseBrier = outcomes.Average(won => (won ? 1 - baseRate : baseRate) * (won ? 1 - baseRate : baseRate));
        return new HoldoutEvaluation(holdoutFrom, training.Count, model.TrainingRows, outcomes.Count,
            ScoreEvaluation.Of(modelScores, outcomes), ScoreEvaluation.Of(ruleScores, outcomes), Math.Round(baseRate, 4), Math.Round(baseBrier, 4));
    }

    /// <summary>The default holdout start: the close date from which the latest <see cref="WinModelOptions.HoldoutShare"/> of deals closed.</summary>
    public DateTimeOffset DefaultHoldoutFrom(IReadOnlyList<DealHistory> closed)
    {
        ArgumentNullException.ThrowIfNull(closed);
        var dates = closed.Select(h => h.Deal.ClosedAt!.Value).Order().ToList();
        return dates.Count == 0 ? DateTimeOffset.MinValue : dates[Math.Clamp((int)(dates.Count * (1 - options.HoldoutShare)), 0, dates.Count - 1)];
    }

    private WinModel FitOn(List<DealHistory> training, DateTimeOffset until, string id, WinTimeline timeline)
    {
        var rows = new List<(Dictionary<string, double> Raw, string Stage, DealHistory Deal, double Weight)>();
        foreach (var history in training)
        {
            var deal = history.Deal;
            var end = deal.ClosedAt!.Value < until ? deal.ClosedAt.Value : until;
            var instants = LandmarkDays.Select(d => deal.CreatedAt.AddDays(d)).Where(t => t < end).ToList();
            foreach (var at in instants)
            {
                var snapshot = DealSnapshot.At(history, at);
                var inputs = new WinInputs(snapshot.Deal.Stage, deal.Product, deal.Budget, snapshot.Metrics, timeline.RateAt(deal.ManagerId, at, options.Shrinkage));
                rows.Add((WinFeatures.Raw(inputs, [], []), snapshot.Deal.Stage, history, 1.0 / instants.Count));
            }
        }

        var stages = Frequent(rows.Select(r => (r.Deal.Deal.Id, r.Stage)));
        var products = Frequent(rows.Where(r => r.Deal.Deal.Product is not null).Select(r => (r.Deal.Deal.Id, r.Deal.Deal.Product!)));
        foreach (var row in rows)
        {
            if (stages.Contains(row.Stage))
            {
                row.Raw[WinFeatures.StagePrefix + row.Stage] = 1;
            }
            if (row.Deal.Deal.Product is { } product && products.Contains(product))
            {
                row.Raw[WinFeatures.ProductPrefix + product] = 1;
            }
        }

        var names = NumericFeatures.Concat(stages.Select(s => WinFeatures.StagePrefix + s)).Concat(products.Select(p => WinFeatures.ProductPrefix + p));
        var columns = new List<FeatureColumn>();
        var totalWeight = rows.Sum(r => r.Weight);
        foreach (var name in names)
        {
            double mean = 0, min = double.MaxValue, max = double.MinValue;
            foreach (var row in rows)
            {
                var value = row.Raw.GetValueOrDefault(name);
                mean += row.Weight * value;
                min = Math.Min(min, value);
                max = Math.Max(max, value);
            }
            mean /= totalWeight;
            var variance = rows.Sum(r => r.Weight * Math.Pow(r.Raw.GetValueOrDefault(name) - mean, 2)) / totalWeight;
            // A feature that never varies in this team's history (no calls recorded, say) teaches nothing.
            if (variance > 1e-12)
            {
                columns.Add(new FeatureColumn(name, mean, Math.Sqrt(variance), min, max));
            }
        }

        var shell = new WinModel
        {
            Id = id,
            FittedAt = until,
            ClosedDeals = training.Count,
            Won = training.Count(h => h.Deal.Status == DealStatus.Won),
            TrainingRows = rows.Count,
            Stages = stages,
            Products = products,
            Columns = columns,
            Coefficients = new double[columns.Count + 1],
            Managers = timeline.RecordsBefore(until),
            TeamWinRate = timeline.TeamRateBefore(until),
            Shrinkage = options.Shrinkage,
        };
        var matrix = rows.Select(r => shell.Standardise(r.Raw)).ToList();
        var labels = rows.Select(r => r.Deal.Deal.Status == DealStatus.Won ? 1.0 : 0.0).ToList();
        var fit = LogisticRegression.Train(matrix, labels, rows.Select(r => r.Weight).ToList(), options.L2);
        return shell with { Coefficients = fit.Coefficients.Select(c => Math.Round(c, 6)).ToList() };
    }

    // Values held by at least MinCategoryDeals distinct deals, most common first, ties by name.
    private List<string> Frequent(IEnumerable<(string DealId, string Value)> pairs) => pairs
        .Distinct()
        .GroupBy(p => p.Value, StringComparer.Ordinal)
        .Where(g => g.Count() >= options.MinCategoryDeals)
        .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => g.Key)
        .ToList();

    private static Manager Anyone(string managerId) => new() { Id = managerId, Name = managerId, TimeZone = "UTC", Team = "" };
}

/// <summary>A deal as it stood at an earlier instant: its stage then, the activities up to then, its metrics then.</summary>
public sealed record DealSnapshot(Deal Deal, IReadOnlyList<Activity> Activities, DealMetrics Metrics)
{
    public static DealSnapshot At(DealHistory history, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(history);
        var known = new List<Activity>();
        foreach (var activity in history.Activities)
        {
            if (activity.OccurredAt > at)
            {
                continue;
            }
            // A task done later was still open at this instant.
            known.Add(activity.CompletedAt > at ? activity with { CompletedAt = null } : activity);
        }
        var deal = history.Deal with { Stage = StageAt(history, at), Status = DealStatus.Open, ClosedAt = null, UpdatedAt = at };
        return new DealSnapshot(deal, known, DealMetrics.Calculate(deal, known, at));
    }

    /// <summary>
    /// The stage at an instant: where the last move before it led, else where the first move after it
    /// started from, else the deal's stage (a deal that never moved has been in it all along).
    /// </summary>
    public static string StageAt(DealHistory history, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(history);
        string? before = null, after = null;
        foreach (var move in history.Activities.Where(a => a.Kind == ActivityKind.StageChange))
        {
            if (move.OccurredAt <= at)
            {
                before = move.ToStage ?? before;
            }
            else
            {
                after ??= move.FromStage;
            }
        }
        return before ?? after ?? history.Deal.Stage;
    }
}

/// <summary>Who won what and when: each manager's (and the team's) record of deals closed before any instant.</summary>
public sealed class WinTimeline
{
    private readonly Dictionary<string, Outcomes> byManager;
    private readonly Outcomes team;

    public WinTimeline(IEnumerable<DealHistory> closed)
    {
        ArgumentNullException.ThrowIfNull(closed);
        var outcomes = closed.Where(h => h.Deal.ClosedAt is not null && h.Deal.Status != DealStatus.Open)
            .Select(h => (h.Deal.ManagerId, At: h.Deal.ClosedAt!.Value, Won: h.Deal.Status == DealStatus.Won))
            .ToList();
        team = new Outcomes(outcomes.Select(o => (o.At, o.Won)));
        byManager = outcomes.GroupBy(o => o.ManagerId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Outcomes(g.Select(o => (o.At, o.Won))), StringComparer.Ordinal);
    }

    public double TeamRateBefore(DateTimeOffset at)
    {
        var record = team.Before(at);
        return record.Closed == 0 ? 0.5 : record.Won / (double)record.Closed;
    }

    public double RateAt(string managerId, DateTimeOffset at, double shrinkage) =>
        WinFeatures.Shrunk(byManager.TryGetValue(managerId, out var own) ? own.Before(at) : new WinRecord(0, 0), TeamRateBefore(at), shrinkage);

    public IReadOnlyDictionary<string, WinRecord> RecordsBefore(DateTimeOffset at) =>
        byManager.Select(m => (m.Key, Record: m.Value.Before(at))).Where(m => m.Record.Closed > 0)
            .ToDictionary(m => m.Key, m => m.Record, StringComparer.Ordinal);

    /// <summary>Close times in order with a running count of wins, so a record before any instant is one binary search.</summary>
    private sealed class Outcomes
    {
        private readonly DateTimeOffset[] times;
        private readonly int[] winsThrough;

        public Outcomes(IEnumerable<(DateTimeOffset At, bool Won)> outcomes)
        {
            var sorted = outcomes.OrderBy(o => o.At).ToArray();
            times = sorted.Select(o => o.At).ToArray();
            winsThrough = new int[sorted.Length + 1];
            for (var i = 0; i < sorted.Length; i++)
            {
                winsThrough[i + 1] = winsThrough[i] + (sorted[i].Won ? 1 : 0);
            }
        }

        // Outcomes strictly before the instant.
        public WinRecord Before(DateTimeOffset at)
        {
            int low = 0, high = times.Length;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (times[middle] < at)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }
            return new WinRecord(winsThrough[low], low);
        }
    }
}
