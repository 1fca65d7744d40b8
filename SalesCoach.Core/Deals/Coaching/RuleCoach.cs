// Owns the rule coach: explicit rules over the deal metrics.
using System.Globalization;

namespace SalesCoach.Core.Deals.Coaching;

/// <summary>
/// Deterministic coach: explicit rules over the seed-000 metrics. It is the answer when no LLM is
/// configured, and the fallback when the LLM fails. Each rule is one method below; the README lists them.
/// </summary>
public sealed class RuleCoach(RuleCoachOptions options) : ICoach
{
    public const string SourceName = "rules";

    public Task<CoachingOutcome> AdviseAsync(DealContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(new CoachingOutcome(Advise(context), CoachingUsage.None));
    }

    public CoachingAdvice Advise(DealContext context)
    {
        var findings = new Findings();
        var metrics = context.Metrics;
        var isLarge = context.Deal.Budget >= options.LargeDealBudget(context.Deal.Currency);

        NoContactYet(context, findings);
        IdleTooLong(context, isLarge, findings);
        StuckInStage(context, findings);
        NoNextStep(metrics, findings);
        OverdueTasks(metrics, findings);
        FewCalls(metrics, findings);
        LowTaskCompletion(metrics, findings);
        Strengths(metrics, findings);

        if (findings.Actions.Count == 0)
        {
            findings.Actions.Add(new ActionItem(
                "Зафиксировать следующий шаг с клиентом",
                Urgency.Plan,
                "Сделка в порядке — важно сохранить темп",
                "Договориться о дате следующего контакта и поставить задачу в CRM"));
        }

        var priority = findings.RedFlags.Count > 0 ? Priority.High
            : findings.Concerns.Count > 0 ? Priority.Medium
            : Priority.Low;
        var actions = findings.Actions.OrderBy(a => a.Urgency).ToList();

        return new CoachingAdvice
        {
            Assessment = Assess(context, priority, findings),
            Strengths = findings.Strengths,
            Concerns = findings.Concerns,
            RedFlags = findings.RedFlags,
            Priority = priority,
            ActionItems = actions,
            Phrases = Phrases(context, findings),
            ActionPlan = Plan(actions),
            ConversionProbability = Probability(metrics, findings),
            Source = SourceName,
        };
    }

    // Rule 1: a deal that has existed for days without a single call or message has not started.
    private static void NoContactYet(DealContext context, Findings findings)
    {
        if (context.Metrics.TotalTouches > 0 || context.Metrics.DealAgeDays < 2)
        {
            return;
        }
        findings.RedFlags.Add($"За {Days(context.Metrics.DealAgeDays)} с клиентом не было ни одного звонка или сообщения");
        findings.Actions.Add(new ActionItem(
            "Связаться с клиентом сегодня",
            Urgency.Urgent,
            "Без первого контакта сделка не движется, а интерес клиента остывает",
            "Позвонить, представиться и выяснить задачу клиента; итог записать в CRM"));
    }

    // Rule 2: silence. Large deals get a shorter fuse (seed 000: "4 дня без контакта при крупной сделке").
    private void IdleTooLong(DealContext context, bool isLarge, Findings findings)
    {
        var idle = context.Metrics.DaysSinceLastActivity;
        var limit = isLarge ? options.LargeDealIdleDays : options.IdleDays;
        if (idle < limit || context.Metrics.TotalTouches == 0)
        {
            return;
        }
        findings.Concerns.Add($"Нет контакта {Days(idle)} — риск потери внимания");
        if (isLarge)
        {
            findings.RedFlags.Add($"Крупная сделка без активности {Days(idle)}");
        }
        findings.Actions.Add(new ActionItem(
            "Позвонить клиенту сегодня",
            Urgency.Urgent,
            isLarge
                ? $"{Days(idle)} без контакта при крупной сделке — высокий риск потери"
                : $"{Days(idle)} без контакта — клиент может уйти к конкуренту",
            "Инициировать звонок с конкретной ценностью (новое предложение, кейс, ответ на вопрос клиента)"));
        findings.NeedsReconnectPhrase = true;
    }

    // Rule 3: a deal parked in one stage is not progressing (seed 000: "застряла на этапе более 10 дней").
    private void StuckInStage(DealContext context, Findings findings)
    {
        var days = context.Metrics.DaysInCurrentStage;
        if (days <= options.StuckInStageDays)
        {
            return;
        }
        findings.RedFlags.Add($"Сделка застряла на этапе \"{context.Deal.Stage}\" уже {Days(days)}");
        findings.Actions.Add(new ActionItem(
            $"Сдвинуть сделку с этапа \"{context.Deal.Stage}\"",
            Urgency.ThisWeek,
            "Долгое нахождение на одном этапе снижает вероятность закрытия",
            "Выяснить, что мешает решению, и предложить конкретный шаг: встречу, демо или пробный период"));
        findings.NeedsMeetingPhrase = true;
    }

    // Rule 4: no open task with a future deadline means nobody owns the next step.
    private static void NoNextStep(DealMetrics metrics, Findings findings)
    {
        if (metrics.PlannedTasks > 0)
        {
            return;
        }
        findings.RedFlags.Add("Нет запланированных активностей");
        findings.Actions.Add(new ActionItem(
            "Поставить задачу на следующий шаг",
            Urgency.Urgent,
            "Без запланированного шага сделка зависает",
            "Создать в CRM задачу с конкретным сроком: звонок, встреча или отправка КП"));
    }

    // Rule 5: overdue tasks are promises to the client that were not kept.
    private static void OverdueTasks(DealMetrics metrics, Findings findings)
    {
        if (metrics.OverdueTasks == 0)
        {
            return;
        }
        findings.Concerns.Add($"Просрочено задач: {metrics.OverdueTasks}");
        findings.Actions.Add(new ActionItem(
            "Закрыть просроченные задачи",
            Urgency.Urgent,
            "Просроченная задача — невыполненное обещание клиенту",
            "Выполнить или перенести каждую задачу с новым реальным сроком"));
    }

    // Rule 6: a week-old deal with almost no calls is being worked by text only.
    private void FewCalls(DealMetrics metrics, Findings findings)
    {
        if (metrics.DealAgeDays < options.FewCallsAfterDays || metrics.CallCount >= options.MinCalls)
        {
            return;
        }
        findings.Concerns.Add($"Мало звонков: {metrics.CallCount} за {Days(metrics.DealAgeDays)}");
        findings.Actions.Add(new ActionItem(
            "Провести разговор голосом",
            Urgency.ThisWeek,
            "В переписке сложно выявить потребности и возражения",
            "Предложить короткий созвон на 15 минут в удобное клиенту время"));
    }

    // Rule 7: most tasks left undone signals an overloaded or careless manager.
    private static void LowTaskCompletion(DealMetrics metrics, Findings findings)
    {
        if (metrics.TaskCount < 2 || metrics.TaskCompletionRate is not { } rate || rate >= 0.5)
        {
            return;
        }
        findings.Concerns.Add($"Выполнено только {Percent(rate)} задач");
        findings.Actions.Add(new ActionItem(
            "Пересмотреть задачи по сделке",
            Urgency.Plan,
            "Невыполненные задачи размывают план работы с клиентом",
            "Оставить только реальные задачи и назначить каждой срок"));
    }

    private static void Strengths(DealMetrics metrics, Findings findings)
    {
        if (metrics.CallCount >= 3)
        {
            findings.Strengths.Add($"Регулярные созвоны (звонков: {metrics.CallCount}, {metrics.CallDurationSeconds / 60} мин)");
        }
        if (metrics.TaskCount >= 2 && metrics.TaskCompletionRate >= 0.8)
        {
            findings.Strengths.Add($"Дисциплина по задачам: выполнено {Percent(metrics.TaskCompletionRate.Value)}");
        }
        if (metrics.TotalTouches > 0 && metrics.DaysSinceLastActivity <= 1)
        {
            findings.Strengths.Add("Свежий контакт с клиентом");
        }
        if (metrics.StageMoves > 0 && metrics.DaysInCurrentStage <= 7)
        {
            findings.Strengths.Add("Сделка движется по воронке");
        }
        if (metrics.PlannedTasks > 0)
        {
            findings.Strengths.Add("Следующий шаг запланирован");
        }
    }

    // Probability starts at 55, gains for funnel progress and strengths, loses for each risk found.
    // It ranks deals against each other; it is not a calibrated forecast.
    private static int Probability(DealMetrics metrics, Findings findings)
    {
        var score = 55
            + 5 * Math.Min(metrics.StageMoves, 3)
            + 4 * findings.Strengths.Count
            - 4 * findings.Concerns.Count
            - 6 * findings.RedFlags.Count;
        return Math.Clamp(score, 5, 95);
    }

    private static string Assess(DealContext context, Priority priority, Findings findings)
    {
        var metrics = context.Metrics;
        var opening = $"Сделка на этапе \"{context.Deal.Stage}\", в работе {Days(metrics.DealAgeDays)}, касаний: {metrics.TotalTouches}.";
        var verdict = priority switch
        {
            Priority.High => $"Требует внимания сегодня: {Sentence(findings.RedFlags[0])}",
            Priority.Medium => $"Есть риски: {Sentence(findings.Concerns[0])}",
            _ => "Сделка идёт по плану — важно сохранить темп.",
        };
        return $"{opening} {verdict}";
    }

    private static string Sentence(string finding) =>
        char.ToLowerInvariant(finding[0]) + finding[1..].TrimEnd('.') + ".";

    private static List<string> Phrases(DealContext context, Findings findings)
    {
        var name = string.IsNullOrWhiteSpace(context.Deal.ClientName) ? "" : $"{context.Deal.ClientName}, ";
        var phrases = new List<string>();
        if (findings.NeedsReconnectPhrase)
        {
            phrases.Add($"«{name}подготовил для вас предложение, которое поможет оптимизировать бюджет — удобно обсудить сегодня?»");
        }
        if (findings.NeedsMeetingPhrase)
        {
            phrases.Add("«Что нужно, чтобы мы могли двигаться дальше? Могу организовать демо в удобное для вас время»");
        }
        phrases.Add("«Хочу показать кейс похожей компании — результаты впечатляющие»");
        return phrases;
    }

    private static List<string> Plan(IReadOnlyList<ActionItem> actions)
    {
        var plan = actions.Take(3).Select(a => a.Title).ToList();
        plan.Add("Зафиксировать итоги и следующий шаг в CRM");
        return plan;
    }

    private static string Days(int days) => string.Create(CultureInfo.InvariantCulture, $"{days} дн.");

    private static string Percent(double rate) => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(rate * 100)}%");

    private sealed class Findings
    {
        public List<string> Strengths { get; } = [];
        public List<string> Concerns { get; } = [];
        public List<string> RedFlags { get; } = [];
        public List<ActionItem> Actions { get; } = [];
        public bool NeedsReconnectPhrase { get; set; }
        public bool NeedsMeetingPhrase { get; set; }
    }
}
