// Owns deal coaching's words in Russian.
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals.Coaching;

internal sealed class RussianCoachingTexts : CoachingTexts
{
    public override string Language => Languages.Russian;
    protected override PluralForms DayForms { get; } = new("день", "дня", "дней");
    protected override PluralForms DealForms { get; } = new("сделка", "сделки", "сделок");
    protected override PluralForms MinuteForms { get; } = new("минута", "минуты", "минут");

    public override string NoContactYet(string age) => $"За {age} с клиентом не было ни одного звонка или сообщения";
    public override ActionItem ContactTodayAction { get; } = new(
        "Связаться с клиентом сегодня", Urgency.Urgent,
        "Без первого контакта сделка не движется, а интерес клиента остывает",
        "Позвонить, представиться и выяснить задачу клиента; итог записать в CRM");
    public override string NoTouchesRecorded => "Звонков и сообщений не записано: по истории в CRM не видно, когда был последний контакт";
    public override string IdleConcern(string idle) => $"Нет контакта {idle} — риск потери внимания";
    public override string IdleLargeRedFlag(string idle) => $"Крупная сделка без активности {idle}";
    public override ActionItem CallTodayAction(string idle, bool isLarge) => new(
        "Позвонить клиенту сегодня", Urgency.Urgent,
        isLarge ? $"{idle} без контакта при крупной сделке — высокий риск потери" : $"{idle} без контакта — клиент может уйти к конкуренту",
        "Инициировать звонок с конкретной ценностью (новое предложение, кейс, ответ на вопрос клиента)");
    public override string StuckRedFlag(string stage, string days, string? typical) =>
        $"Сделка застряла на этапе \"{stage}\" уже {days}" + (typical is null ? "" : $" (обычно {typical})");
    public override ActionItem MoveStageAction(string stage) => new(
        $"Сдвинуть сделку с этапа \"{stage}\"", Urgency.ThisWeek,
        "Долгое нахождение на одном этапе снижает вероятность закрытия",
        "Выяснить, что мешает решению, и предложить конкретный шаг: встречу, демо или пробный период");
    public override string FarBeyondCycleRedFlag(string stage, string days, string typical) =>
        $"На этапе \"{stage}\" уже {days} — втрое дольше обычного для команды ({typical})";
    public override ActionItem CheckStillAliveAction { get; } = new(
        "Проверить, жива ли сделка", Urgency.ThisWeek,
        "Сделки, которые втрое дольше обычного стоят на этапе, команда чаще всего уже не выигрывает",
        "Позвонить и прямо спросить о решении и сроках; если клиент не готов — закрыть сделку как проигранную, чтобы воронка показывала правду");
    public override string NoNextStepRedFlag => "Нет запланированных активностей";
    public override ActionItem PlanNextStepAction { get; } = new(
        "Поставить задачу на следующий шаг", Urgency.Urgent,
        "Без запланированного шага сделка зависает",
        "Создать в CRM задачу с конкретным сроком: звонок, встреча или отправка КП");
    public override string OverdueConcern(int tasks) => $"Просрочено задач: {Number(tasks)}";
    public override ActionItem CloseOverdueAction { get; } = new(
        "Закрыть просроченные задачи", Urgency.Urgent,
        "Просроченная задача — невыполненное обещание клиенту",
        "Выполнить или перенести каждую задачу с новым реальным сроком");
    public override string FewCallsConcern(int calls, string age) => $"Мало звонков: {Number(calls)} за {age}";
    public override ActionItem VoiceCallAction { get; } = new(
        "Провести разговор голосом", Urgency.ThisWeek,
        "В переписке сложно выявить потребности и возражения",
        "Предложить короткий созвон на 15 минут в удобное клиенту время");
    public override string LowCompletionConcern(string percent) => $"Выполнено только {percent} задач";
    public override ActionItem ReviewTasksAction { get; } = new(
        "Пересмотреть задачи по сделке", Urgency.Plan,
        "Невыполненные задачи размывают план работы с клиентом",
        "Оставить только реальные задачи и назначить каждой срок");
    public override ActionItem KeepPaceAction { get; } = new(
        "Зафиксировать следующий шаг с клиентом", Urgency.Plan,
        "Сделка в порядке — важно сохранить темп",
        "Договориться о дате следующего контакта и поставить задачу в CRM");

    public override string RegularCallsStrength(int calls, string minutes) => $"Регулярные созвоны (звонков: {Number(calls)}, {minutes})";
    public override string TaskDisciplineStrength(string percent) => $"Дисциплина по задачам: выполнено {percent}";
    public override string FreshContactStrength => "Свежий контакт с клиентом";
    public override string MovingStrength => "Сделка движется по воронке";
    public override string NextStepStrength => "Следующий шаг запланирован";

    public override string AssessmentOpening(string stage, string age, int touches) => $"Сделка на этапе \"{stage}\", в работе {age}, касаний: {Number(touches)}.";
    public override string AssessmentHigh(string firstRedFlag) => $"Требует внимания сегодня: {firstRedFlag}";
    public override string AssessmentMedium(string firstConcern) => $"Есть риски: {firstConcern}";
    public override string AssessmentLow => "Сделка идёт по плану — важно сохранить темп.";

    public override string ReconnectPhrase(string? clientName) =>
        $"«{(string.IsNullOrWhiteSpace(clientName) ? "" : clientName + ", ")}подготовил для вас предложение, которое поможет оптимизировать бюджет — удобно обсудить сегодня?»";
    public override string MeetingPhrase => "«Что нужно, чтобы мы могли двигаться дальше? Могу организовать демо в удобное для вас время»";
    public override string CaseStudyPhrase => "«Хочу показать кейс похожей компании — результаты впечатляющие»";
    public override string PlanWrapUp => "Зафиксировать итоги и следующий шаг в CRM";

    public override string RiskLevel(RiskLevel level) => level switch
    {
        Coaching.RiskLevel.High => "высокий",
        Coaching.RiskLevel.Medium => "средний",
        _ => "низкий",
    };
    public override string RiskNoTouches => "звонков и сообщений не записано";
    public override string RiskSilent(string idle, string? typical) => $"без контакта {idle}" + (typical is null ? "" : $" (обычно {typical})");
    public override string RiskInStage(string days, string? typical) => $"на этапе {days}" + (typical is null ? "" : $" (обычно {typical})");
    public override string RiskOverdue(int tasks) => $"просрочено задач: {Number(tasks)}";
    public override string RiskNoNextStep => "нет следующего шага";
    public override string RiskFalling => "касаний меньше, чем раньше";

    public override string CardTitle => "АНАЛИЗ СДЕЛКИ";
    public override string DealLabel => "Сделка";
    public override string BudgetLabel => "Бюджет";
    public override string ProbabilityLabel => "Вероятность закрытия";
    public override string ProbabilityByModel => "модель на истории команды";
    public override string ProbabilityByRules => "оценка по правилам";
    public override string ProbabilityByLlm => "оценка ИИ";
    public override string ManagerLabel => "Менеджер";
    public override string InWork(string age) => $"В работе: {age}";
    public override string Calls(int calls, string minutes) => $"Звонков: {Number(calls)} ({minutes})";
    public override string Touches(int touches) => $"Касаний: {Number(touches)}";
    public override string Idle(string idle) => $"Без активности: {idle}";
    public override string RiskLine(string level) => $"Риск потери: {level}";
    public override string AssessmentHeading => "ОЦЕНКА:";
    public override string StrengthsHeading => "ЧТО ХОРОШО:";
    public override string ConcernsHeading => "ЧТО ВЫЗЫВАЕТ БЕСПОКОЙСТВО:";
    public override string RedFlagsHeading => "КРИТИЧНО:";
    public override string RecommendationsHeading => "РЕКОМЕНДАЦИИ:";
    public override string Why => "Почему:";
    public override string How => "Как:";
    public override string UrgencyHeading(Urgency urgency) => urgency switch
    {
        Urgency.Urgent => "СРОЧНО",
        Urgency.ThisWeek => "НА ЭТОЙ НЕДЕЛЕ",
        _ => "ЗАПЛАНИРОВАТЬ",
    };
    public override string PhrasesHeading => "ЧТО СКАЗАТЬ КЛИЕНТУ:";
    public override string PlanHeading => "ПЛАН ДЕЙСТВИЙ (2-3 дня):";
    public override string AnalysedAt => "Анализ от";

    public override string SummaryTitle => "СВОДКА ПО СДЕЛКАМ";
    public override string OpenDeals(int deals) => $"в работе {Deals(deals)}";
    public override string PriorityCounts(int high, int medium, int low) => $"🔴 Высокий: {Number(high)} · 🟡 Средний: {Number(medium)} · 🟢 Низкий: {Number(low)}";
    public override string NoOpenDeals => "Открытых сделок нет.";
    public override string CardsSent(int cards) => $"Подробных карточек: {Number(cards)} — по сделкам, где под риском больше всего денег";
    public override string AtRisk(string money) => $"под риском {money}";
    public override string RiskCounts(int high, int medium, int low) => $"Риск потери — 🔴 высокий: {Number(high)} · 🟡 средний: {Number(medium)} · 🟢 низкий: {Number(low)}";
    public override string More(int deals, string managerId) => $"… и ещё {Deals(deals)}: GET /api/managers/{managerId}/deals?sort=risk";
    public override string StaleTitle => "СДЕЛКИ БЕЗ АКТИВНОСТИ";
    public override string StaleHeader(int daysThreshold, int deals) => $"без активности {Days(daysThreshold)} и дольше: {Deals(deals)}";
    public override string StageLabel(string stage) => $"этап «{stage}»";
    public override string CheckedAt => "Проверка от";
}
