// Owns the words of daily plans and inactivity alerts in the managers' languages (ru, uk, en).
using System.Globalization;
using SalesCoach.Core.Leads;

namespace SalesCoach.Core.Agent;

/// <summary>Short texts of plans and alerts; an unknown language reads English.</summary>
public static class PlanTexts
{
    private static string Pick(string language, string ru, string uk, string en) => language switch
    {
        "ru" => ru,
        "uk" => uk,
        _ => en,
    };

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static readonly NumberFormatInfo SpaceGroups = new() { NumberGroupSeparator = " ", NumberDecimalSeparator = "," };

    /// <summary>An amount as the manager reads it: "800 000 RUB" in ru and uk, "800,000 RUB" in en.</summary>
    public static string Money(string language, decimal amount, string currency) =>
        amount.ToString("#,0", language is "ru" or "uk" ? SpaceGroups : CultureInfo.InvariantCulture) + " " + currency;

    public static string Probability(string language, double probability) =>
        Pick(language, F($"вероятность {probability:P0}"), F($"ймовірність {probability:P0}"), F($"win probability {probability:P0}")).Replace(" %", "%", StringComparison.Ordinal);

    public static string Idle(string language, int days) =>
        days == 0 ? Pick(language, "контакт сегодня", "контакт сьогодні", "in touch today")
        : Pick(language, F($"{days} дн. без контакта"), F($"{days} дн. без контакту"), F($"{days} days without contact"));

    public static string Stage(string language, string stage, int days) =>
        Pick(language, F($"этап «{stage}» {days} дн."), F($"етап «{stage}» {days} дн."), F($"stage “{stage}” for {days} days"));

    public static string Overdue(string language, int count) =>
        Pick(language, F($"просроченных задач: {count}"), F($"прострочених задач: {count}"), F($"{count} overdue tasks"));

    public static string LeadStage(string language, LeadStage stage) => stage switch
    {
        Leads.LeadStage.New => Pick(language, "новый лид", "новий лід", "new lead"),
        Leads.LeadStage.Contacted => Pick(language, "лид в контакте", "лід у контакті", "contacted lead"),
        _ => Pick(language, "квалифицированный лид", "кваліфікований лід", "qualified lead"),
    };

    /// <summary>The action title of a recommendation type.</summary>
    public static string Action(string language, string type) => type switch
    {
        "close" => Pick(language, "Назначить закрывающий звонок сегодня", "Призначити закривальний дзвінок сьогодні", "Schedule the closing call now"),
        "re_engage" => Pick(language, "Вернуть клиента в диалог", "Повернути клієнта до діалогу", "Re-engage the client"),
        "overdue_tasks" => Pick(language, "Закрыть просроченные задачи", "Закрити прострочені задачі", "Clear the overdue tasks"),
        "schedule_meeting" => Pick(language, "Назначить встречу", "Призначити зустріч", "Schedule a meeting"),
        "prepare_transfer" => Pick(language, "Подготовить передачу в продажи", "Підготувати передачу в продажі", "Prepare the hand-over to sales"),
        "first_contact" => Pick(language, "Первый контакт сегодня", "Перший контакт сьогодні", "Make first contact today"),
        "qualify" => Pick(language, "Провести квалификацию (BANT)", "Провести кваліфікацію (BANT)", "Qualify the lead (BANT)"),
        _ => Pick(language, "Зафиксировать следующий шаг", "Зафіксувати наступний крок", "Agree the next step"),
    };

    /// <summary>What to say to the client, by recommendation type.</summary>
    public static string Script(string language, string type, string? addressee)
    {
        var name = addressee ?? Pick(language, "Здравствуйте", "Вітаю", "there");
        var script = ScriptFor(language, type, name);
        // Without a name the greeting stands alone ("Здравствуйте, добрый день!" reads badly): keep what follows it.
        return addressee is null && language is "ru" or "uk" ? script.Replace(name + ", добрый день! ", name + "! ", StringComparison.Ordinal).Replace(name + ", добрий день! ", name + "! ", StringComparison.Ordinal) : script;
    }

    private static string ScriptFor(string language, string type, string name) => type switch
    {
        "close" => Pick(language, $"{name}, добрый день! Все вопросы по предложению закрыты — давайте сегодня согласуем финальные условия и дату старта?",
            $"{name}, добрий день! Усі питання щодо пропозиції закрито — давайте сьогодні погодимо фінальні умови й дату старту?",
            $"Hi {name}, wanted to follow up on the proposal — shall we agree the final terms and a start date today?"),
        "re_engage" => Pick(language, $"{name}, добрый день! Давно не общались — у нас появилось кое-что полезное именно для вас. Удобно созвониться на 10 минут?",
            $"{name}, добрий день! Давно не спілкувалися — маємо дещо корисне саме для вас. Зручно зідзвонитися на 10 хвилин?",
            $"Hi {name}, it's been a while — we have something that fits your case. Do you have 10 minutes for a quick call?"),
        "schedule_meeting" => Pick(language, $"{name}, предлагаю встречу на этой неделе: вторник 11:00 или четверг 15:00 — что удобнее?",
            $"{name}, пропоную зустріч цього тижня: вівторок 11:00 або четвер 15:00 — що зручніше?",
            $"Hi {name}, shall we meet this week — Tuesday 11:00 or Thursday 15:00?"),
        "first_contact" => Pick(language, $"{name}, добрый день! Вы оставляли заявку — расскажите, какую задачу хотите решить?",
            $"{name}, добрий день! Ви залишали заявку — розкажіть, яке завдання хочете вирішити?",
            $"Hi {name}, thanks for reaching out — what would you like to solve?"),
        _ => Pick(language, $"{name}, добрый день! Подскажите, какой следующий шаг для вас удобен?",
            $"{name}, добрий день! Підкажіть, який наступний крок вам зручний?",
            $"Hi {name}, what would be a good next step for you?"),
    };

    public static string Insights(string language, int hot, int idle, int total) =>
        Pick(language,
            F($"{hot} из {total} в работе с вероятностью ≥ 60% — начните с них. Без контакта 7+ дней: {idle}."),
            F($"{hot} з {total} у роботі з імовірністю ≥ 60% — почніть з них. Без контакту 7+ днів: {idle}."),
            F($"{hot} of {total} open with a win probability ≥ 60% — focus on them first. {idle} without contact for 7+ days."));

    public static string Risk(string language, string name, int idle) =>
        Pick(language, F($"{name}: {idle} дн. без контакта — высокий риск"), F($"{name}: {idle} дн. без контакту — високий ризик"), F($"{name} inactive {idle} days - high risk"));

    public static string QuickWin(string language, string name, string type) => type == "schedule_meeting"
        ? Pick(language, $"{name} — готов(а) к встрече, осталось назначить время", $"{name} — готовий(а) до зустрічі, лишилося призначити час", $"{name} - ready to meet, just pick a time")
        : Pick(language, $"{name} — нужно лишь финальное подтверждение", $"{name} — потрібне лише фінальне підтвердження", $"{name} - just needs final confirmation");

    public static string PlanTitle(string language, string date) =>
        Pick(language, $"План на {date}: три главных дела", $"План на {date}: три головні справи", $"Plan for {date}: top 3 priorities");

    public static string InactivityTitle(string language, bool critical, string name, int days) => critical
        ? Pick(language, F($"КРИТИЧНО: {name} — {days} дн. без активности"), F($"КРИТИЧНО: {name} — {days} дн. без активності"), F($"CRITICAL: {name} idle {days} days"))
        : Pick(language, F($"Внимание: {name} — {days} дн. без активности"), F($"Увага: {name} — {days} дн. без активності"), F($"Warning: {name} idle {days} days"));

    public static string BestTime(string language, string channel, DateTimeOffset at) =>
        Pick(language, F($"Лучше всего: {channel}, {at:dd.MM HH:mm}"), F($"Найкраще: {channel}, {at:dd.MM HH:mm}"), F($"Best: {channel}, {at:MMM d HH:mm}"));
}
