// Owns the deal metrics, computed at one instant.
namespace SalesCoach.Core.Deals;

/// <summary>The seed-000 deal metrics, computed at one instant.</summary>
public sealed record DealMetrics
{
    /// <summary>Whole days since the deal was created ("В работе: N дн.").</summary>
    public required int DealAgeDays { get; init; }
    /// <summary>Whole days since the last call, message, note, stage move, task creation or task completion.</summary>
    public required int DaysSinceLastActivity { get; init; }
    /// <summary>Calls plus messages, both directions ("Касаний").</summary>
    public required int TotalTouches { get; init; }
    public required int CallCount { get; init; }
    public required int CallDurationSeconds { get; init; }
    public required int MessageCount { get; init; }
    public required int StageMoves { get; init; }
    /// <summary>Whole days since the deal entered its current stage (creation when it never moved).</summary>
    public required int DaysInCurrentStage { get; init; }
    public required int TaskCount { get; init; }
    public required int CompletedTasks { get; init; }
    /// <summary>Completed / all tasks, 0..1; null when the deal has no tasks.</summary>
    public double? TaskCompletionRate { get; init; }
    /// <summary>Open tasks whose deadline has passed.</summary>
    public required int OverdueTasks { get; init; }
    /// <summary>Open tasks whose deadline is still ahead: a planned next step.</summary>
    public required int PlannedTasks { get; init; }

    public static DealMetrics Calculate(Deal deal, IReadOnlyCollection<Activity> activities, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(deal);
        ArgumentNullException.ThrowIfNull(activities);

        var lastActivity = deal.CreatedAt;
        var currentStageSince = deal.CreatedAt;
        int calls = 0, callSeconds = 0, messages = 0, stageMoves = 0;
        int tasks = 0, completed = 0, overdue = 0, planned = 0;

        foreach (var activity in activities)
        {
            lastActivity = Max(lastActivity, activity.OccurredAt);
            switch (activity.Kind)
            {
                case ActivityKind.Call:
                    calls++;
                    callSeconds += Math.Max(0, activity.DurationSeconds ?? 0);
                    break;
                case ActivityKind.Message:
                    messages++;
                    break;
                case ActivityKind.StageChange:
                    stageMoves++;
                    currentStageSince = Max(currentStageSince, activity.OccurredAt);
                    break;
                case ActivityKind.Task:
                    tasks++;
                    if (activity.CompletedAt is { } done)
                    {
                        completed++;
                        lastActivity = Max(lastActivity, done);
                    }
                    else if (activity.DueAt is { } due && due < now)
                    {
                        overdue++;
                    }
                    else
                    {
                        planned++;
                    }
                    break;
                case ActivityKind.Note:
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(activities), activity.Kind, "Unknown activity kind.");
            }
        }

        return new DealMetrics
        {
            DealAgeDays = WholeDaysBetween(deal.CreatedAt, now),
            DaysSinceLastActivity = WholeDaysBetween(lastActivity, now),
            TotalTouches = calls + messages,
            CallCount = calls,
            CallDurationSeconds = callSeconds,
            MessageCount = messages,
            StageMoves = stageMoves,
            DaysInCurrentStage = WholeDaysBetween(currentStageSince, now),
            TaskCount = tasks,
            CompletedTasks = completed,
            TaskCompletionRate = tasks == 0 ? null : (double)completed / tasks,
            OverdueTasks = overdue,
            PlannedTasks = planned,
        };
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    // A timestamp in the future (clock skew between CRM and us) counts as "now", never as negative days.
    private static int WholeDaysBetween(DateTimeOffset from, DateTimeOffset to) =>
        to <= from ? 0 : (int)Math.Floor((to - from).TotalDays);
}
