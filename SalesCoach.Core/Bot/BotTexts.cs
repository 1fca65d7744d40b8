// Owns every word the managers' bot writes, in ru, uk and en.
using System.Globalization;
using SalesCoach.Core.Agent;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Platform;
using SalesCoach.Core.Sales;

namespace SalesCoach.Core.Bot;

/// <summary>The bot's texts in one language (an unknown code reads Russian, the product's default).</summary>
public sealed class BotTexts(string language)
{
    public string Language { get; } = Languages.OrDefault(language);

    private string P(string ru, string uk, string en) => Language switch
    {
        Languages.English => en,
        Languages.Ukrainian => uk,
        _ => ru,
    };

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public string LinkInstructions => P(
        "👋 Это бот SalesCoach для менеджеров.\nЧтобы подключиться, попросите у руководителя одноразовый код и отправьте: <code>/start КОД</code>\nКод действует 15 минут.",
        "👋 Це бот SalesCoach для менеджерів.\nЩоб підключитися, попросіть у керівника одноразовий код і надішліть: <code>/start КОД</code>\nКод діє 15 хвилин.",
        "👋 This is the SalesCoach bot for managers.\nTo connect, ask your team lead for a one-time code and send: <code>/start CODE</code>\nThe code is valid for 15 minutes.");

    public string Linked(string name) => P($"✅ Готово, {name}: этот Telegram привязан к вашему профилю.", $"✅ Готово, {name}: цей Telegram прив'язано до вашого профілю.", $"✅ Done, {name}: this Telegram account is linked to your profile.");
    public string CodeUnknown => P("❌ Такого кода нет. Проверьте его или попросите новый.", "❌ Такого коду немає. Перевірте його або попросіть новий.", "❌ There is no such code. Check it or ask for a new one.");
    public string CodeExpired => P("⌛ Код истёк (15 минут). Попросите новый.", "⌛ Код прострочено (15 хвилин). Попросіть новий.", "⌛ The code has expired (15 minutes). Ask for a new one.");
    public string CodeUsed => P("❌ Этот код уже использован. Попросите новый.", "❌ Цей код уже використано. Попросіть новий.", "❌ This code has already been used. Ask for a new one.");
    public string MenuTitle(string name) => P($"Главное меню, {name}. Что показать?", $"Головне меню, {name}. Що показати?", $"Main menu, {name}. What shall I show?");
    public string Leads => P("Лиды", "Ліди", "Leads");
    public string Sales => P("Продажи", "Продажі", "Sales");
    public string Deals => P("Сделки", "Угоди", "Deals");
    public string Plan => P("План", "План", "Plan");
    public string Stats => P("Статистика", "Статистика", "Stats");
    public string Chats => P("Чаты", "Чати", "Chats");
    public string Next => P("Дальше ▶", "Далі ▶", "Next ▶");
    public string Previous => P("◀ Назад", "◀ Назад", "◀ Back");
    public string Analyze => P("🔍 Анализ", "🔍 Аналіз", "🔍 Analyze");
    public string AnalyzeAgain => P("🔍 Проанализировать снова", "🔍 Проаналізувати знову", "🔍 Analyze again");
    public string Done => P("✅ Сделано", "✅ Зроблено", "✅ Done");
    public string Snooze => P("💤 Отложить на день", "💤 Відкласти на день", "💤 Snooze 1 day");
    public string NotRelevant => P("✖ Не актуально", "✖ Не актуально", "✖ Not relevant");
    public string Empty => P("Пока ничего нет.", "Поки нічого немає.", "Nothing here yet.");
    public string ListTitle(string what, int page, int pages) => F($"<b>{what}</b> ({page}/{pages})");
    public string UnknownCommand => P("Не знаю такой команды. /start — меню.", "Не знаю такої команди. /start — меню.", "I do not know that command. /start opens the menu.");
    public string Throttled => P("🙏 Слишком много сообщений подряд. Подождите минуту, и я снова отвечу.", "🙏 Забагато повідомлень поспіль. Зачекайте хвилину, і я знову відповім.", "🙏 That is a lot of messages at once. Give me a minute and I will answer again.");
    public string NotYours => P("Эта кнопка не для вас или устарела.", "Ця кнопка не для вас або застаріла.", "This button is not for you, or it has expired.");
    public string NotAllowed => P("Это не ваше: показываю только ваши лиды, сделки и рекомендации.", "Це не ваше: показую лише ваші ліди, угоди та рекомендації.", "That is not yours: I only show your own leads, deals and recommendations.");
    public string NotFound => P("Не нашёл такого.", "Не знайшов такого.", "I could not find that.");
    public string Stale => P("Кнопка устарела: это уже сделано или изменилось. Показываю как есть сейчас.", "Кнопка застаріла: це вже зроблено або змінилося. Показую як є зараз.", "This button is out of date: it was already done or has changed. Here is how it stands now.");
    public string LinkFirst => P("Сначала привяжите Telegram: /start КОД.", "Спершу прив'яжіть Telegram: /start КОД.", "Link your Telegram first: /start CODE.");
    public string DealUsage => P("Укажите сделку: <code>/deal 1001</code>", "Вкажіть угоду: <code>/deal 1001</code>", "Name the deal: <code>/deal 1001</code>");
    public string CodeUsage => P("Укажите менеджера: <code>/code m2</code>", "Вкажіть менеджера: <code>/code m2</code>", "Name the manager: <code>/code m2</code>");
    public string CodeIssued(string name, string code, DateTimeOffset expires, string zone) => P(
        $"🔑 Код для {name}: <code>{code}</code>\nДействует до {Stamp(expires, zone)}, один раз. Менеджер отправляет боту: <code>/start {code}</code>",
        $"🔑 Код для {name}: <code>{code}</code>\nДіє до {Stamp(expires, zone)}, один раз. Менеджер надсилає боту: <code>/start {code}</code>",
        $"🔑 Code for {name}: <code>{code}</code>\nValid until {Stamp(expires, zone)}, once. The manager sends the bot: <code>/start {code}</code>");
    public string NoPlan => P("На сегодня плана ещё нет: он составляется утром.", "На сьогодні плану ще немає: він складається вранці.", "There is no plan for today yet: it is made in the morning.");
    public string Moved(string to) => P($"Этап: {to}", $"Етап: {to}", $"Stage: {to}");
    public string Analyzed => P("Анализ обновлён", "Аналіз оновлено", "Analysis updated");
    public string MarkedDone => P("Отмечено как сделано", "Позначено як зроблене", "Marked done");
    public string Snoozed => P("Напомню завтра", "Нагадаю завтра", "I will remind you tomorrow");
    public string Dismissed => P("Отмечено как неактуальное", "Позначено як неактуальне", "Marked not relevant");
    public string Reminder => P("⏰ Напоминание", "⏰ Нагадування", "⏰ Reminder");
    public string TransferHint => P("Передача в продажи — с суммой, через API.", "Передача в продажі — із сумою, через API.", "Hand-over to sales takes an amount: use the API.");

    public string Stamp(DateTimeOffset at, string zone) => TimeZones.ToLocal(at, zone).ToString("dd.MM HH:mm", CultureInfo.InvariantCulture);

    public string LeadStageName(LeadStage stage) => stage switch
    {
        LeadStage.New => P("новый", "новий", "new"),
        LeadStage.Contacted => P("в контакте", "у контакті", "contacted"),
        LeadStage.Qualified => P("квалифицирован", "кваліфікований", "qualified"),
        LeadStage.Transferred => P("передан в продажи", "передано в продажі", "transferred"),
        _ => P("потерян", "втрачено", "lost"),
    };

    public string SaleStageName(SaleStage stage) => stage switch
    {
        SaleStage.New => P("новая", "нова", "new"),
        SaleStage.Kyc => "KYC",
        SaleStage.Agreement => P("договор", "договір", "agreement"),
        SaleStage.Paid => P("оплачена", "оплачено", "paid"),
        _ => P("потеряна", "втрачено", "lost"),
    };

    public string MoveTo(string stage) => F($"➡ {stage}");

    public string RecommendationStatus(RecommendationStatus status) => status switch
    {
        Agent.RecommendationStatus.Open => P("открыта", "відкрита", "open"),
        Agent.RecommendationStatus.Accepted => P("принята", "прийнята", "accepted"),
        Agent.RecommendationStatus.Done => P("✅ сделано", "✅ зроблено", "✅ done"),
        Agent.RecommendationStatus.Dismissed => P("✖ не актуально", "✖ не актуально", "✖ not relevant"),
        _ => P("истекла", "минула", "expired"),
    };

    public string LeadCard => P("Лид", "Лід", "Lead");
    public string SaleCard => P("Продажа", "Продаж", "Sale");
    public string StageLabel => P("Этап", "Етап", "Stage");
    public string SourceLabel => P("Источник", "Джерело", "Source");
    public string DomainLabel => P("Сфера", "Сфера", "Domain");
    public string ScoreLabel => P("Оценка", "Оцінка", "Score");
    public string AmountLabel => P("Сумма", "Сума", "Amount");
    public string OwnerLabel => P("Менеджер", "Менеджер", "Manager");
    public string MessagesLabel => P("Сообщений", "Повідомлень", "Messages");
    public string RecommendationLabel => P("Рекомендация", "Рекомендація", "Recommendation");

    public string StatsTitle(int days) => P($"📈 <b>Чаты за {days} дн.</b>", $"📈 <b>Чати за {days} дн.</b>", $"📈 <b>Chats, last {days} days</b>");
    public string StatsLines(int chats, string median, string p90, int unanswered, int chatsWaiting, string responseRate) => P(
        $"Чатов: {chats}\nПервый ответ: медиана {median}, P90 {p90}\nБез ответа: {unanswered} сообщ. в {chatsWaiting} чатах\nДоля ответов: {responseRate}",
        $"Чатів: {chats}\nПерша відповідь: медіана {median}, P90 {p90}\nБез відповіді: {unanswered} повід. у {chatsWaiting} чатах\nЧастка відповідей: {responseRate}",
        $"Chats: {chats}\nFirst response: median {median}, P90 {p90}\nUnanswered: {unanswered} messages in {chatsWaiting} chats\nResponse rate: {responseRate}");
    public string PipelineLine(int leads, int sales, string paid, string open) => P(
        $"📊 Воронка: лидов {leads}, продаж {sales}; оплачено {paid.Trim()}, в работе {open.Trim()}",
        $"📊 Воронка: лідів {leads}, продажів {sales}; оплачено {paid.Trim()}, у роботі {open.Trim()}",
        $"📊 Pipeline: {leads} leads, {sales} sales; paid {paid.Trim()}, open {open.Trim()}");
    public string SpinLine(int total, string mix) => P($"Вопросы SPIN ({total}): {mix}", $"Питання SPIN ({total}): {mix}", $"SPIN questions ({total}): {mix}");
    public string ChatsTitle => P("💬 <b>Ждут ответа</b> (сначала самые давние)", "💬 <b>Чекають на відповідь</b> (спершу найдавніші)", "💬 <b>Waiting for a reply</b> (oldest first)");
    public string WaitingLine(string client, string since, int count) => P($"{client} — с {since}, сообщений: {count}", $"{client} — з {since}, повідомлень: {count}", $"{client} — since {since}, {count} messages");
    public string NoneWaiting => P("Все клиенты получили ответ 👍", "Усі клієнти отримали відповідь 👍", "Every client has an answer 👍");

    public string Duration(TimeSpan? span) => span is not { } s ? "—"
        : s.TotalMinutes < 1 ? F($"{s.TotalSeconds:0} {P("с", "с", "s")}")
        : s.TotalHours < 1 ? F($"{s.TotalMinutes:0} {P("мин", "хв", "min")}")
        : F($"{s.TotalHours:0.#} {P("ч", "год", "h")}");
}
