// Owns deal coaching's words in Ukrainian.
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals.Coaching;

internal sealed class UkrainianCoachingTexts : CoachingTexts
{
    public override string Language => Languages.Ukrainian;
    protected override PluralForms DayForms { get; } = new("день", "дні", "днів");
    protected override PluralForms DealForms { get; } = new("угода", "угоди", "угод");
    protected override PluralForms MinuteForms { get; } = new("хвилина", "хвилини", "хвилин");

    public override string NoContactYet(string age) => $"За {age} з клієнтом не було жодного дзвінка чи повідомлення";
    public override ActionItem ContactTodayAction { get; } = new(
        "Зв'язатися з клієнтом сьогодні", Urgency.Urgent,
        "Без першого контакту угода не рухається, а інтерес клієнта згасає",
        "Зателефонувати, представитися й з'ясувати задачу клієнта; підсумок записати в CRM");
    public override string NoTouchesRecorded => "Дзвінків і повідомлень не записано: з історії в CRM не видно, коли був останній контакт";
    public override string IdleConcern(string idle) => $"Немає контакту {idle} — ризик втратити увагу клієнта";
    public override string IdleLargeRedFlag(string idle) => $"Велика угода без активності {idle}";
    public override ActionItem CallTodayAction(string idle, bool isLarge) => new(
        "Зателефонувати клієнту сьогодні", Urgency.Urgent,
        isLarge ? $"{idle} без контакту при великій угоді — високий ризик втрати" : $"{idle} без контакту — клієнт може піти до конкурента",
        "Ініціювати дзвінок з конкретною цінністю (нова пропозиція, кейс, відповідь на питання клієнта)");
    public override string StuckRedFlag(string stage, string days, string? typical) =>
        $"Угода застрягла на етапі \"{stage}\" вже {days}" + (typical is null ? "" : $" (зазвичай {typical})");
    public override ActionItem MoveStageAction(string stage) => new(
        $"Зрушити угоду з етапу \"{stage}\"", Urgency.ThisWeek,
        "Довге перебування на одному етапі знижує ймовірність закриття",
        "З'ясувати, що заважає рішенню, і запропонувати конкретний крок: зустріч, демо або пробний період");
    public override string FarBeyondCycleRedFlag(string stage, string days, string typical) =>
        $"На етапі \"{stage}\" вже {days} — утричі довше, ніж зазвичай у команди ({typical})";
    public override ActionItem CheckStillAliveAction { get; } = new(
        "Перевірити, чи жива угода", Urgency.ThisWeek,
        "Угоди, що стоять на етапі втричі довше звичайного, команда найчастіше вже не виграє",
        "Зателефонувати й прямо запитати про рішення та терміни; якщо клієнт не готовий — закрити угоду як програну, щоб воронка показувала правду");
    public override string NoNextStepRedFlag => "Немає запланованих активностей";
    public override ActionItem PlanNextStepAction { get; } = new(
        "Поставити задачу на наступний крок", Urgency.Urgent,
        "Без запланованого кроку угода зависає",
        "Створити в CRM задачу з конкретним терміном: дзвінок, зустріч або надсилання КП");
    public override string OverdueConcern(int tasks) => $"Прострочено задач: {Number(tasks)}";
    public override ActionItem CloseOverdueAction { get; } = new(
        "Закрити прострочені задачі", Urgency.Urgent,
        "Прострочена задача — невиконана обіцянка клієнту",
        "Виконати або перенести кожну задачу з новим реальним терміном");
    public override string FewCallsConcern(int calls, string age) => $"Мало дзвінків: {Number(calls)} за {age}";
    public override ActionItem VoiceCallAction { get; } = new(
        "Поговорити голосом", Urgency.ThisWeek,
        "У листуванні важко виявити потреби й заперечення",
        "Запропонувати короткий дзвінок на 15 хвилин у зручний для клієнта час");
    public override string LowCompletionConcern(string percent) => $"Виконано лише {percent} задач";
    public override ActionItem ReviewTasksAction { get; } = new(
        "Переглянути задачі за угодою", Urgency.Plan,
        "Невиконані задачі розмивають план роботи з клієнтом",
        "Залишити лише реальні задачі й призначити кожній термін");
    public override ActionItem KeepPaceAction { get; } = new(
        "Зафіксувати наступний крок з клієнтом", Urgency.Plan,
        "Угода в порядку — важливо зберегти темп",
        "Домовитися про дату наступного контакту й поставити задачу в CRM");

    public override string RegularCallsStrength(int calls, string minutes) => $"Регулярні дзвінки (дзвінків: {Number(calls)}, {minutes})";
    public override string TaskDisciplineStrength(string percent) => $"Дисципліна щодо задач: виконано {percent}";
    public override string FreshContactStrength => "Свіжий контакт з клієнтом";
    public override string MovingStrength => "Угода рухається воронкою";
    public override string NextStepStrength => "Наступний крок заплановано";

    public override string AssessmentOpening(string stage, string age, int touches) => $"Угода на етапі \"{stage}\", у роботі {age}, контактів: {Number(touches)}.";
    public override string AssessmentHigh(string firstRedFlag) => $"Потребує уваги сьогодні: {firstRedFlag}";
    public override string AssessmentMedium(string firstConcern) => $"Є ризики: {firstConcern}";
    public override string AssessmentLow => "Угода йде за планом — важливо зберегти темп.";

    public override string ReconnectPhrase(string? clientName) =>
        $"«{(string.IsNullOrWhiteSpace(clientName) ? "" : clientName + ", ")}я підготував для вас пропозицію, яка допоможе оптимізувати бюджет — зручно обговорити сьогодні?»";
    public override string MeetingPhrase => "«Що потрібно, щоб ми могли рухатися далі? Можу організувати демо в зручний для вас час»";
    public override string CaseStudyPhrase => "«Хочу показати кейс схожої компанії — результати вражають»";
    public override string PlanWrapUp => "Зафіксувати підсумки й наступний крок у CRM";

    public override string RiskLevel(RiskLevel level) => level switch
    {
        Coaching.RiskLevel.High => "високий",
        Coaching.RiskLevel.Medium => "середній",
        _ => "низький",
    };
    public override string RiskNoTouches => "дзвінків і повідомлень не записано";
    public override string RiskSilent(string idle, string? typical) => $"без контакту {idle}" + (typical is null ? "" : $" (зазвичай {typical})");
    public override string RiskInStage(string days, string? typical) => $"на етапі {days}" + (typical is null ? "" : $" (зазвичай {typical})");
    public override string RiskOverdue(int tasks) => $"прострочено задач: {Number(tasks)}";
    public override string RiskNoNextStep => "немає наступного кроку";
    public override string RiskFalling => "контактів менше, ніж раніше";

    public override string CardTitle => "АНАЛІЗ УГОДИ";
    public override string DealLabel => "Угода";
    public override string BudgetLabel => "Бюджет";
    public override string ProbabilityLabel => "Ймовірність закриття";
    public override string ProbabilityByModel => "модель на історії команди";
    public override string ProbabilityByRules => "оцінка за правилами";
    public override string ProbabilityByLlm => "оцінка ШІ";
    public override string ManagerLabel => "Менеджер";
    public override string InWork(string age) => $"У роботі: {age}";
    public override string Calls(int calls, string minutes) => $"Дзвінків: {Number(calls)} ({minutes})";
    public override string Touches(int touches) => $"Контактів: {Number(touches)}";
    public override string Idle(string idle) => $"Без активності: {idle}";
    public override string RiskLine(string level) => $"Ризик втрати: {level}";
    public override string AssessmentHeading => "ОЦІНКА:";
    public override string StrengthsHeading => "ЩО ДОБРЕ:";
    public override string ConcernsHeading => "ЩО ТУРБУЄ:";
    public override string RedFlagsHeading => "КРИТИЧНО:";
    public override string RecommendationsHeading => "РЕКОМЕНДАЦІЇ:";
    public override string Why => "Чому:";
    public override string How => "Як:";
    public override string UrgencyHeading(Urgency urgency) => urgency switch
    {
        Urgency.Urgent => "ТЕРМІНОВО",
        Urgency.ThisWeek => "ЦЬОГО ТИЖНЯ",
        _ => "ЗАПЛАНУВАТИ",
    };
    public override string PhrasesHeading => "ЩО СКАЗАТИ КЛІЄНТУ:";
    public override string PlanHeading => "ПЛАН ДІЙ (2-3 дні):";
    public override string AnalysedAt => "Аналіз від";

    public override string SummaryTitle => "ЗВЕДЕННЯ ЗА УГОДАМИ";
    public override string OpenDeals(int deals) => $"у роботі {Deals(deals)}";
    public override string PriorityCounts(int high, int medium, int low) => $"🔴 Високий: {Number(high)} · 🟡 Середній: {Number(medium)} · 🟢 Низький: {Number(low)}";
    public override string NoOpenDeals => "Відкритих угод немає.";
    public override string CardsSent(int cards) => $"Детальних карток: {Number(cards)} — за угодами, де під ризиком найбільше грошей";
    public override string AtRisk(string money) => $"під ризиком {money}";
    public override string RiskCounts(int high, int medium, int low) => $"Ризик втрати — 🔴 високий: {Number(high)} · 🟡 середній: {Number(medium)} · 🟢 низький: {Number(low)}";
    public override string More(int deals, string managerId) => $"… і ще {Deals(deals)}: GET /api/managers/{managerId}/deals?sort=risk";
    public override string StaleTitle => "УГОДИ БЕЗ АКТИВНОСТІ";
    public override string StaleHeader(int daysThreshold, int deals) => $"без активності {Days(daysThreshold)} і довше: {Deals(deals)}";
    public override string StageLabel(string stage) => $"етап «{stage}»";
    public override string CheckedAt => "Перевірка від";
}
