using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Deals;

public sealed class DealMetricsTests
{
    [Fact]
    public void Deal_age_counts_whole_days_since_creation()
    {
        Assert.Equal(12, DealBuilder.At().Aged(12.9).Metrics.DealAgeDays);
    }

    [Fact]
    public void Days_since_last_activity_uses_the_newest_activity_of_any_kind()
    {
        var metrics = DealBuilder.At().Aged(20).Call(9).Message(6).Note(3.5).Metrics;
        Assert.Equal(3, metrics.DaysSinceLastActivity);
    }

    [Fact]
    public void Days_since_last_activity_falls_back_to_creation_when_nothing_happened()
    {
        Assert.Equal(7, DealBuilder.At().Aged(7.2).Metrics.DaysSinceLastActivity);
    }

    [Fact]
    public void Completing_a_task_counts_as_activity()
    {
        var metrics = DealBuilder.At().Aged(10).Call(8).Task(createdDaysAgo: 8, dueDaysAgo: 2, completedDaysAgo: 1).Metrics;
        Assert.Equal(1, metrics.DaysSinceLastActivity);
    }

    [Fact]
    public void Touches_are_calls_plus_messages_and_call_time_is_summed()
    {
        var metrics = DealBuilder.At().Call(5, 900).Call(4, 1200).Call(3, 600).Message(2).Message(1).Note(1).Metrics;
        Assert.Equal(5, metrics.TotalTouches);
        Assert.Equal(3, metrics.CallCount);
        Assert.Equal(2700, metrics.CallDurationSeconds);
        Assert.Equal(2, metrics.MessageCount);
    }

    [Fact]
    public void Negative_call_durations_do_not_reduce_call_time()
    {
        var metrics = DealBuilder.At().Call(2, -50).Call(1, 60).Metrics;
        Assert.Equal(60, metrics.CallDurationSeconds);
    }

    [Fact]
    public void Days_in_current_stage_run_from_the_latest_stage_move()
    {
        var metrics = DealBuilder.At().Aged(30).Stage(20).Stage(11.5).Metrics;
        Assert.Equal(2, metrics.StageMoves);
        Assert.Equal(11, metrics.DaysInCurrentStage);
    }

    [Fact]
    public void Days_in_current_stage_run_from_creation_when_the_deal_never_moved()
    {
        Assert.Equal(9, DealBuilder.At().Aged(9.5).Metrics.DaysInCurrentStage);
    }

    [Fact]
    public void Tasks_split_into_completed_overdue_and_planned()
    {
        var metrics = DealBuilder.At()
            .Task(9, 8, completedDaysAgo: 8)
            .Task(6, 2)
            .Task(1, -2)
            .Metrics;
        Assert.Equal(3, metrics.TaskCount);
        Assert.Equal(1, metrics.CompletedTasks);
        Assert.Equal(1, metrics.OverdueTasks);
        Assert.Equal(1, metrics.PlannedTasks);
        Assert.Equal(1.0 / 3, metrics.TaskCompletionRate!.Value, precision: 6);
    }

    [Fact]
    public void Task_completion_rate_is_null_without_tasks()
    {
        Assert.Null(DealBuilder.At().Call(1).Metrics.TaskCompletionRate);
    }

    [Fact]
    public void Activity_stamped_in_the_future_counts_as_now_not_as_negative_days()
    {
        var metrics = DealBuilder.At().Aged(5).Call(-2).Metrics;
        Assert.Equal(0, metrics.DaysSinceLastActivity);
    }
}
