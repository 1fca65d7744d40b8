// Owns the demo team: managers, deals and chats that exercise every coaching rule.
using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Demo;

/// <summary>
/// A small demo team whose deals exercise every coaching rule: the seed-000 example deal (stale, stuck,
/// large), a healthy deal, overdue tasks, a deal nobody has called, and a closed deal that runs skip.
/// Everything is placed relative to <c>now</c> so the demo looks the same on any day.
/// </summary>
public static class DemoTeam
{
    public const string Team = "demo";

    public sealed record Data(IReadOnlyList<Manager> Managers, IReadOnlyList<Deal> Deals, IReadOnlyList<Activity> Activities, IReadOnlyList<Chat> Chats, IReadOnlyList<ChatMessage> Messages);

    public static Data Build(DateTimeOffset now)
    {
        var managers = new List<Manager>
        {
            new() { Id = "m-ivan", Name = "Иван Петров", CrmUserId = "5511001", TelegramChatId = 100000001, TimeZone = "Europe/Moscow", Team = Team },
            new() { Id = "m-anna", Name = "Анна Смирнова", CrmUserId = "5511002", TelegramChatId = 100000002, TimeZone = "Asia/Almaty", Team = Team },
            new() { Id = "m-oleg", Name = "Олег Коваленко", CrmUserId = "5511003", TelegramChatId = 100000003, TimeZone = "Europe/Kyiv", Team = Team, Language = Languages.Ukrainian },
        };
        var deals = new List<Deal>();
        var activities = new List<Activity>();
        var builder = new Builder(now, deals, activities);

        // Seed 000's example: 12 days in work, 3 calls (45 min), 7 touches, 4 days silent, stuck in "Переговоры".
        builder.Deal("1001", "m-ivan", "Поставка оборудования ООО \"Рога и Копыта\"", 450_000m, "RUB", "Переговоры", ageDays: 12, client: "Иван Петрович")
            .Stage(11.5, "Квалификация", "Переговоры")
            .Call(11, 900).Call(9, 1200).Call(6, 600)
            .Message(10, Direction.Inbound).Message(8, Direction.Outbound).Message(5, Direction.Inbound).Message(4, Direction.Outbound)
            .Task(created: 10, due: 8, completed: 8);
        builder.Deal("1002", "m-ivan", "Лицензии CRM для ООО «Вектор»", 120_000m, "RUB", "Коммерческое предложение", ageDays: 5, client: "Ольга")
            .Stage(2, "Квалификация", "Коммерческое предложение")
            .Call(4, 420).Call(2, 780).Message(1, Direction.Outbound)
            .Task(created: 4, due: 3, completed: 3).Task(created: 1, due: -1, completed: null);
        builder.Deal("1003", "m-ivan", "Интеграция склада «Меридиан»", 800_000m, "RUB", "Квалификация", ageDays: 9, client: null)
            .Call(8, 300).Message(6, Direction.Outbound)
            .Task(created: 6, due: 2, completed: null);
        builder.Deal("2001", "m-anna", "Оснащение клиники «Здоровье+»", 2_500_000m, "KZT", "Презентация", ageDays: 20, client: "Ерлан")
            .Stage(15, "Квалификация", "Переговоры").Stage(3, "Переговоры", "Презентация")
            .Call(19, 600).Call(14, 900).Call(9, 1500).Call(4, 700).Call(1, 400).Message(1, Direction.Inbound)
            .Task(created: 10, due: 9, completed: 9).Task(created: 5, due: 4, completed: 4).Task(created: 1, due: -2, completed: null);
        builder.Deal("2002", "m-anna", "Обучение персонала ТОО «Алтын»", 600_000m, "KZT", "Переговоры", ageDays: 15, client: "Айгуль")
            .Stage(13, "Квалификация", "Переговоры")
            .Call(14, 500).Message(10, Direction.Inbound).Message(7, Direction.Outbound)
            .Task(created: 7, due: 3, completed: null).Task(created: 12, due: 10, completed: null);
        builder.Deal("3001", "m-oleg", "Сервісний контракт <Nova> & Co", 90_000m, "UAH", "Первичный контакт", ageDays: 3, client: null);
        builder.Deal("3002", "m-oleg", "Підписка «Бюро»", 40_000m, "UAH", "Успешно реализовано", ageDays: 30, client: null, status: DealStatus.Won)
            .Call(28, 600).Stage(20, "Переговоры", "Успешно реализовано");

        var (chats, messages) = DemoChats(now);
        return new Data(managers, deals, activities, chats, messages);
    }

    /// <summary>Yesterday's WhatsApp and Instagram chats: a quick, well-asked one; a slow one; one never answered; one left hanging.</summary>
    private static (List<Chat> Chats, List<ChatMessage> Messages) DemoChats(DateTimeOffset now)
    {
        // Yesterday, 12:00 Moscow time, as the base of every conversation.
        var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        var yesterday = TimeZoneInfo.ConvertTime(now, moscow).Date.AddDays(-1).AddHours(12);
        var noon = new DateTimeOffset(yesterday, moscow.GetUtcOffset(yesterday));
        var chats = new List<Chat>();
        var messages = new List<ChatMessage>();

        void Conversation(string id, Channel channel, string managerId, string client, params (int Minute, Direction Direction, string Text)[] lines)
        {
            chats.Add(new Chat { Id = id, Channel = channel, ManagerId = managerId, ClientName = client, CreatedAt = noon.AddMinutes(lines[0].Minute), UpdatedAt = noon.AddMinutes(lines[^1].Minute) });
            messages.AddRange(lines.Select((line, i) => new ChatMessage
            {
                Id = $"{id}-{i + 1}",
                ChatId = id,
                Direction = line.Direction,
                SentAt = noon.AddMinutes(line.Minute),
                Text = line.Text,
                ManagerId = line.Direction == Direction.Outbound ? managerId : null,
                Source = "demo",
            }));
        }

        Conversation("demo-chat-1", Channel.Whatsapp, "m-ivan", "Ольга",
            (0, Direction.Inbound, "Здравствуйте! Сколько стоит подключение CRM на 10 пользователей?"),
            (4, Direction.Outbound, "Добрый день, Ольга! Чем вы пользуетесь сейчас и что в нём не устраивает?"),
            (9, Direction.Inbound, "Таблицы, теряем заявки"),
            (12, Direction.Outbound, "Сколько заявок в месяц теряется, как вы думаете? Давайте созвонимся завтра в 11:00 — покажу демо."));
        Conversation("demo-chat-2", Channel.Instagram, "m-anna", "Ерлан",
            (0, Direction.Inbound, "Есть в наличии кушетки для процедурного кабинета?"),
            (47, Direction.Outbound, "Добрый день, да, есть."));
        Conversation("demo-chat-3", Channel.Whatsapp, "m-oleg", "Nova & Co",
            (30, Direction.Inbound, "Доброго дня! Скільки коштує сервісний контракт на рік?"));
        Conversation("demo-chat-4", Channel.Whatsapp, "m-ivan", "Склад «Меридиан»",
            (60, Direction.Inbound, "Добрый день, хотим заказать интеграцию"),
            (63, Direction.Outbound, "Здравствуйте! Какой у вас объём складских операций в месяц?"),
            (90, Direction.Inbound, "Около 3000 отгрузок. Когда сможете начать?"));
        return (chats, messages);
    }

    private sealed class Builder(DateTimeOffset now, List<Deal> deals, List<Activity> activities)
    {
        private string dealId = "";
        private int sequence;

        public Builder Deal(string id, string managerId, string name, decimal budget, string currency, string stage, int ageDays, string? client, DealStatus status = DealStatus.Open)
        {
            dealId = id;
            sequence = 0;
            var created = now.AddDays(-ageDays).AddHours(-2);
            deals.Add(new Deal
            {
                Id = id,
                Name = name,
                ManagerId = managerId,
                Budget = budget,
                Currency = currency,
                Stage = stage,
                Status = status,
                CreatedAt = created,
                UpdatedAt = created,
                ClosedAt = status == DealStatus.Open ? null : now.AddDays(-20),
                ClientName = client,
            });
            return this;
        }

        public Builder Call(double daysAgo, int seconds) =>
            Add(ActivityKind.Call, daysAgo, a => a with { Direction = Direction.Outbound, DurationSeconds = seconds });

        public Builder Message(double daysAgo, Direction direction) =>
            Add(ActivityKind.Message, daysAgo, a => a with { Direction = direction, Text = direction == Direction.Inbound ? "Добрый день! Какие сроки поставки?" : "Здравствуйте! Отправил расчёт." });

        public Builder Stage(double daysAgo, string from, string to) =>
            Add(ActivityKind.StageChange, daysAgo, a => a with { FromStage = from, ToStage = to });

        /// <summary>Days are "days ago"; a negative due date is in the future.</summary>
        public Builder Task(double created, double due, double? completed) =>
            Add(ActivityKind.Task, created, a => a with
            {
                Text = "Перезвонить клиенту",
                DueAt = now.AddDays(-due),
                CompletedAt = completed is { } c ? now.AddDays(-c) : null,
            });

        private Builder Add(ActivityKind kind, double daysAgo, Func<Activity, Activity> shape)
        {
            sequence++;
            activities.Add(shape(new Activity
            {
                Id = $"{dealId}-{kind.ToString().ToLowerInvariant()}-{sequence}",
                DealId = dealId,
                Kind = kind,
                OccurredAt = now.AddDays(-daysAgo),
            }));
            return this;
        }
    }
}
