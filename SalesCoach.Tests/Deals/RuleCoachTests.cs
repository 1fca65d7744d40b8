using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Deals;

public sealed class RuleCoachTests
{
    private static readonly RuleCoach Coach = new(new RuleCoachOptions());

    private static CoachingAdvice Advise(DealBuilder deal) => Coach.Advise(deal.Context);

    private static DealBuilder Healthy() =>
        DealBuilder.At().Aged(8).Stage(3).Call(7).Call(4).Call(1).Message(0.5).Task(5, 4, 4).Task(3, 2, 2).Task(0.5, -2);

    [Fact]
    public void Healthy_deal_is_low_priority_with_strengths_and_one_planning_action()
    {
        var advice = Advise(Healthy());
        Assert.Equal(Priority.Low, advice.Priority);
        Assert.Empty(advice.RedFlags);
        Assert.Empty(advice.Concerns);
        Assert.Contains(advice.Strengths, s => s.StartsWith("Регулярные созвоны", StringComparison.Ordinal));
        Assert.Contains("Следующий шаг запланирован", advice.Strengths);
        Assert.Single(advice.ActionItems);
        Assert.Equal(Urgency.Plan, advice.ActionItems[0].Urgency);
        Assert.Equal(RuleCoach.SourceName, advice.Source);
    }

    [Fact]
    public void Large_deal_silent_for_three_days_is_a_red_flag_with_an_urgent_call()
    {
        var advice = Advise(DealBuilder.At().Aged(8).Budget(450_000m).Call(3.5).Call(5).Task(3.5, -2));
        Assert.Contains(advice.RedFlags, f => f.StartsWith("Крупная сделка без активности 3 дня", StringComparison.Ordinal));
        Assert.Contains(advice.ActionItems, a => a is { Title: "Позвонить клиенту сегодня", Urgency: Urgency.Urgent });
        Assert.Equal(Priority.High, advice.Priority);
    }

    [Fact]
    public void Small_deal_silent_for_three_days_raises_nothing_yet()
    {
        var advice = Advise(DealBuilder.At().Aged(8).Budget(50_000m).Call(3.5).Call(5).Task(3.5, -2));
        Assert.DoesNotContain(advice.Concerns, c => c.StartsWith("Нет контакта", StringComparison.Ordinal));
    }

    [Fact]
    public void Small_deal_silent_for_five_days_is_a_concern_not_a_red_flag()
    {
        var advice = Advise(DealBuilder.At().Aged(8).Budget(50_000m).Call(5.5).Call(6).Task(5.5, -2));
        Assert.Contains("Нет контакта 5 дней — риск потери внимания", advice.Concerns);
        Assert.Empty(advice.RedFlags);
        Assert.Equal(Priority.Medium, advice.Priority);
    }

    [Fact]
    public void Large_deal_threshold_depends_on_currency()
    {
        // 600,000 tenge is a mid-size deal, 600,000 roubles a large one.
        var tenge = Advise(DealBuilder.At().Aged(8).Budget(600_000m, "KZT").Call(4).Call(6).Task(4, -2));
        var roubles = Advise(DealBuilder.At().Aged(8).Budget(600_000m, "RUB").Call(4).Call(6).Task(4, -2));
        Assert.Empty(tenge.RedFlags);
        Assert.Contains(roubles.RedFlags, f => f.StartsWith("Крупная сделка", StringComparison.Ordinal));
    }

    [Fact]
    public void Deal_in_one_stage_more_than_ten_days_is_stuck()
    {
        var advice = Advise(DealBuilder.At().Aged(20).Stage(11).Call(1).Call(2).Task(1, -1));
        Assert.Contains("Сделка застряла на этапе \"Переговоры\" уже 11 дней", advice.RedFlags);
        Assert.Contains(advice.ActionItems, a => a.Urgency == Urgency.ThisWeek && a.Title.StartsWith("Сдвинуть сделку", StringComparison.Ordinal));
    }

    [Fact]
    public void Exactly_ten_days_in_a_stage_is_not_yet_stuck()
    {
        var advice = Advise(DealBuilder.At().Aged(20).Stage(10.2).Call(1).Call(2).Task(1, -1));
        Assert.DoesNotContain(advice.RedFlags, f => f.StartsWith("Сделка застряла", StringComparison.Ordinal));
    }

    [Fact]
    public void No_planned_task_is_a_red_flag()
    {
        var advice = Advise(DealBuilder.At().Aged(3).Call(1).Call(2));
        Assert.Contains("Нет запланированных активностей", advice.RedFlags);
        Assert.Contains(advice.ActionItems, a => a is { Title: "Поставить задачу на следующий шаг", Urgency: Urgency.Urgent });
    }

    [Fact]
    public void Overdue_tasks_are_a_concern_with_an_urgent_action()
    {
        var advice = Advise(DealBuilder.At().Aged(5).Call(1).Call(2).Task(4, 2).Task(3, 1).Task(1, -1));
        Assert.Contains("Просрочено задач: 2", advice.Concerns);
        Assert.Contains(advice.ActionItems, a => a is { Title: "Закрыть просроченные задачи", Urgency: Urgency.Urgent });
    }

    [Fact]
    public void Week_old_deal_with_one_call_has_too_few_calls()
    {
        var advice = Advise(DealBuilder.At().Aged(7).Call(1).Message(0.5).Task(1, -1));
        Assert.Contains("Мало звонков: 1 за 7 дней", advice.Concerns);
    }

    [Fact]
    public void Young_deal_is_not_judged_on_call_count()
    {
        var advice = Advise(DealBuilder.At().Aged(6).Message(0.5).Task(1, -1));
        Assert.DoesNotContain(advice.Concerns, c => c.StartsWith("Мало звонков", StringComparison.Ordinal));
    }

    [Fact]
    public void Less_than_half_of_tasks_done_is_a_concern()
    {
        var advice = Advise(DealBuilder.At().Aged(5).Call(1).Call(2).Task(4, 3, 3).Task(4, -1).Task(4, -2));
        Assert.Contains("Выполнено только 33% задач", advice.Concerns);
    }

    [Fact]
    public void Deal_without_any_contact_after_two_days_is_a_red_flag()
    {
        var advice = Advise(DealBuilder.At().Aged(3).Task(1, -1));
        Assert.Contains(advice.RedFlags, f => f.StartsWith("За 3 дня с клиентом не было", StringComparison.Ordinal));
        Assert.Contains(advice.ActionItems, a => a is { Title: "Связаться с клиентом сегодня", Urgency: Urgency.Urgent });
    }

    [Fact]
    public void Actions_are_ordered_by_urgency_and_the_plan_takes_the_first_three()
    {
        var advice = Advise(DealBuilder.At().Aged(20).Budget(900_000m).Stage(15).Call(9).Task(9, 5).Task(9, 4, 4).Task(9, 3));
        Assert.Equal(advice.ActionItems.OrderBy(a => a.Urgency).Select(a => a.Title), advice.ActionItems.Select(a => a.Title));
        Assert.Equal(advice.ActionItems.Take(3).Select(a => a.Title).Append("Зафиксировать итоги и следующий шаг в CRM"), advice.ActionPlan);
    }

    [Fact]
    public void Conversion_probability_is_lower_for_a_troubled_deal_and_stays_within_bounds()
    {
        var healthy = Advise(Healthy()).ConversionProbability;
        var troubled = Advise(DealBuilder.At().Aged(20).Budget(900_000m).Stage(15).Call(9).Task(9, 5).Task(9, 3)).ConversionProbability;
        Assert.InRange(troubled, 5, 95);
        Assert.InRange(healthy, 5, 95);
        Assert.True(healthy > troubled + 20, $"healthy {healthy} vs troubled {troubled}");
    }

    [Fact]
    public void Assessment_names_the_stage_and_the_top_red_flag()
    {
        var advice = Advise(DealBuilder.At().Aged(3).Call(1).Call(2));
        Assert.StartsWith("Сделка на этапе \"Переговоры\", в работе 3 дня, касаний: 2.", advice.Assessment, StringComparison.Ordinal);
        Assert.EndsWith("нет запланированных активностей.", advice.Assessment, StringComparison.Ordinal);
    }
}
