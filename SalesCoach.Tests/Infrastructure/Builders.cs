using SalesCoach.Core.Deals;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Managers;

namespace SalesCoach.Tests.Infrastructure;

/// <summary>Small builders: a deal of a given age with activities placed "days ago".</summary>
internal sealed class DealBuilder(DateTimeOffset now)
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private readonly List<Activity> activities = [];
    private Deal deal = new()
    {
        Id = "42",
        Name = "Test deal",
        ManagerId = "m1",
        Budget = 100_000m,
        Stage = "Переговоры",
        CreatedAt = now.AddDays(-10),
        UpdatedAt = now.AddDays(-10),
    };

    public static DealBuilder At(DateTimeOffset? now = null) => new(now ?? Now);

    public static Manager Manager(string id = "m1", string timeZone = "Europe/Moscow", long? chat = 1001) =>
        new() { Id = id, Name = "Иван Петров", TimeZone = timeZone, Team = "t", TelegramChatId = chat };

    public DealBuilder Aged(double days) => With(d => d with { CreatedAt = now.AddDays(-days), UpdatedAt = now.AddDays(-days) });

    public DealBuilder Budget(decimal amount, string currency = "RUB") => With(d => d with { Budget = amount, Currency = currency });

    public DealBuilder With(Func<Deal, Deal> change)
    {
        deal = change(deal);
        return this;
    }

    public DealBuilder Call(double daysAgo, int seconds = 300) =>
        Add(ActivityKind.Call, daysAgo, a => a with { DurationSeconds = seconds, Direction = Direction.Outbound });

    public DealBuilder Message(double daysAgo) => Add(ActivityKind.Message, daysAgo, a => a with { Direction = Direction.Inbound });

    public DealBuilder Note(double daysAgo) => Add(ActivityKind.Note, daysAgo, a => a);

    public DealBuilder Stage(double daysAgo, string to = "Переговоры") =>
        Add(ActivityKind.StageChange, daysAgo, a => a with { FromStage = "Квалификация", ToStage = to });

    /// <summary>All arguments are "days ago"; a negative due date is in the future.</summary>
    public DealBuilder Task(double createdDaysAgo, double dueDaysAgo, double? completedDaysAgo = null) =>
        Add(ActivityKind.Task, createdDaysAgo, a => a with
        {
            DueAt = now.AddDays(-dueDaysAgo),
            CompletedAt = completedDaysAgo is { } c ? now.AddDays(-c) : null,
        });

    public Deal Deal => deal;
    public IReadOnlyList<Activity> Activities => activities;
    public DealMetrics Metrics => DealMetrics.Calculate(deal, activities, now);
    public DealContext Context => new(Manager(), deal, activities, Metrics, now);

    private DealBuilder Add(ActivityKind kind, double daysAgo, Func<Activity, Activity> shape)
    {
        activities.Add(shape(new Activity { Id = $"a{activities.Count + 1}", DealId = deal.Id, Kind = kind, OccurredAt = now.AddDays(-daysAgo) }));
        return this;
    }
}
