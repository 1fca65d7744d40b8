// Owns what is typical for this team: days per stage, cycle length, gap between touches, whether calls and tasks are recorded.
namespace SalesCoach.Core.Deals.Forecast;

/// <summary>
/// What is normal for this team, learned from its own deals: a deal is "stuck" or "silent" against
/// these, not against one number for every business. <see cref="Unknown"/> (nothing learned yet)
/// makes every rule fall back to its configured threshold.
/// </summary>
public sealed record TeamNorms
{
    /// <summary>Stages need at least this many deals that left them before their median is trusted.</summary>
    public const int MinSamples = 10;

    public static TeamNorms Unknown { get; } = new();

    /// <summary>Median whole days a deal spent in each stage before leaving it (stages with enough samples).</summary>
    public IReadOnlyDictionary<string, double> DaysInStage { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Median days from creation to close of closed deals; the fallback for a stage without its own median.</summary>
    public double? CycleDays { get; init; }

    /// <summary>Median days between consecutive calls or messages of one deal.</summary>
    public double? TouchGapDays { get; init; }

    /// <summary>False when the team's history holds (almost) no calls or messages: silence then cannot be measured.</summary>
    public bool TouchesRecorded { get; init; } = true;

    /// <summary>False when the team does not use CRM tasks: "no planned task" then says nothing.</summary>
    public bool TasksInUse { get; init; } = true;

    /// <summary>How many deals the norms were learned from (0 for <see cref="Unknown"/>).</summary>
    public int Deals { get; init; }

    /// <summary>The typical stay in <paramref name="stage"/>: its own median, else the cycle length, else null.</summary>
    public double? TypicalDaysIn(string stage) => DaysInStage.TryGetValue(stage, out var days) ? days : CycleDays;
}

/// <summary>Learns <see cref="TeamNorms"/> from deals one at a time (their activities sorted by time).</summary>
public sealed class TeamNormsBuilder
{
    /// <summary>Below this share of deals with a call or message (or a task), the team is taken not to record them.</summary>
    public const double RecordedShare = 0.02;

    private readonly Dictionary<string, List<double>> stageStays = new(StringComparer.Ordinal);
    private readonly List<double> cycles = [];
    private readonly List<double> touchGaps = [];
    private int deals, dealsWithTouches, dealsWithTasks;

    public void Add(Deal deal, IReadOnlyList<Activity> activities)
    {
        ArgumentNullException.ThrowIfNull(deal);
        ArgumentNullException.ThrowIfNull(activities);
        deals++;
        if (deal.Status != DealStatus.Open && deal.ClosedAt is { } closed && closed >= deal.CreatedAt)
        {
            cycles.Add((closed - deal.CreatedAt).TotalDays);
        }

        var enteredAt = deal.CreatedAt;
        DateTimeOffset? lastTouch = null;
        bool touched = false, tasks = false;
        foreach (var activity in activities)
        {
            switch (activity.Kind)
            {
                case ActivityKind.StageChange when activity.FromStage is { Length: > 0 } from:
                    Stays(from).Add(Math.Max(0, (activity.OccurredAt - enteredAt).TotalDays));
                    enteredAt = activity.OccurredAt;
                    break;
                case ActivityKind.StageChange:
                    enteredAt = activity.OccurredAt;
                    break;
                case ActivityKind.Call or ActivityKind.Message:
                    touched = true;
                    if (lastTouch is { } previous)
                    {
                        touchGaps.Add(Math.Max(0, (activity.OccurredAt - previous).TotalDays));
                    }
                    lastTouch = activity.OccurredAt;
                    break;
                case ActivityKind.Task:
                    tasks = true;
                    break;
            }
        }
        dealsWithTouches += touched ? 1 : 0;
        dealsWithTasks += tasks ? 1 : 0;
    }

    public TeamNorms Build() => new()
    {
        DaysInStage = stageStays.Where(s => s.Value.Count >= TeamNorms.MinSamples).ToDictionary(s => s.Key, s => Median(s.Value), StringComparer.Ordinal),
        CycleDays = cycles.Count >= TeamNorms.MinSamples ? Median(cycles) : null,
        TouchGapDays = touchGaps.Count >= TeamNorms.MinSamples ? Median(touchGaps) : null,
        TouchesRecorded = deals == 0 || dealsWithTouches >= Math.Max(1, deals * RecordedShare),
        TasksInUse = deals == 0 || dealsWithTasks >= Math.Max(1, deals * RecordedShare),
        Deals = deals,
    };

    private List<double> Stays(string stage)
    {
        if (!stageStays.TryGetValue(stage, out var stays))
        {
            stageStays[stage] = stays = [];
        }
        return stays;
    }

    public static double Median(List<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
