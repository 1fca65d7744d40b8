using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Platform;

[Collection(AzuriteCollection.Name)]
public sealed class RepositoryTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Manager_round_trips_with_chat_and_time_zone()
    {
        var managers = new ManagerRepository(azurite.NewAccount(out _));
        var manager = new Manager { Id = "m1", Name = "Анна", CrmUserId = "77", TelegramChatId = -100123, TimeZone = "Asia/Almaty", Team = "north" };
        await managers.UpsertAsync(manager, default);
        Assert.Equal(manager, await managers.GetAsync("m1", default));
        Assert.Null(await managers.GetAsync("nobody", default));
    }

    [Fact]
    public async Task Deal_budget_keeps_every_decimal_digit()
    {
        var deals = new DealRepository(azurite.NewAccount(out _));
        var deal = DealBuilder.At(Now).Budget(1234567890.12m).Deal;
        await deals.UpsertAsync(deal, default);
        Assert.Equal(deal, await deals.GetAsync(deal.Id, default));
    }

    [Fact]
    public async Task Open_deals_by_manager_leave_out_closed_deals_and_other_managers()
    {
        var deals = new DealRepository(azurite.NewAccount(out _));
        await deals.UpsertAsync(DealBuilder.At(Now).With(d => d with { Id = "1" }).Deal, default);
        await deals.UpsertAsync(DealBuilder.At(Now).With(d => d with { Id = "2", Status = DealStatus.Won }).Deal, default);
        await deals.UpsertAsync(DealBuilder.At(Now).With(d => d with { Id = "3", ManagerId = "m2" }).Deal, default);
        var open = await deals.ListOpenByManagerAsync("m1", default);
        Assert.Equal(["1"], open.Select(d => d.Id));
    }

    [Fact]
    public async Task More_than_a_hundred_activities_are_written_in_batches_and_read_back_in_time_order()
    {
        var activities = new ActivityRepository(azurite.NewAccount(out _));
        var builder = DealBuilder.At(Now);
        for (var i = 0; i < 250; i++)
        {
            builder.Call(250 - i, i);
        }
        builder.Task(3, -1, completedDaysAgo: null).Stage(2);
        await activities.UpsertManyAsync(builder.Activities, default);
        var stored = await activities.ListByDealAsync(builder.Deal.Id, default);
        Assert.Equal(252, stored.Count);
        Assert.Equal(stored.OrderBy(a => a.OccurredAt).Select(a => a.Id), stored.Select(a => a.Id));
        Assert.Equal(builder.Activities.OrderBy(a => a.Id).ToList(), stored.OrderBy(a => a.Id).ToList());
    }

    [Fact]
    public async Task Outbox_enqueue_is_idempotent_by_message_id()
    {
        var outbox = new OutboxRepository(azurite.NewAccount(out _));
        var message = new OutboxMessage
        {
            Id = "card-1-p1", ManagerId = "m1", ChatId = 5, Kind = OutboxKind.DealCard, Text = "<b>x</b>",
            Status = OutboxStatus.Pending, CreatedAt = Now, NextAttemptAt = Now,
        };
        Assert.Equal(1, await outbox.EnqueueAsync([message], default));
        Assert.Equal(0, await outbox.EnqueueAsync([message with { Text = "changed" }], default));
        var stored = Assert.Single(await outbox.ListAsync(null, null, 10, default));
        Assert.Equal("<b>x</b>", stored.Text);
    }

    [Fact]
    public async Task Outbox_lists_only_due_pending_messages()
    {
        var outbox = new OutboxRepository(azurite.NewAccount(out _));
        OutboxMessage Message(string id, OutboxStatus status, DateTimeOffset next) => new()
        {
            Id = id, ManagerId = "m1", ChatId = 5, Kind = OutboxKind.DealCard, Text = id, Status = status, CreatedAt = Now, NextAttemptAt = next,
        };
        await outbox.EnqueueAsync([Message("due", OutboxStatus.Pending, Now), Message("later", OutboxStatus.Pending, Now.AddMinutes(5)), Message("sent", OutboxStatus.Sent, Now)], default);
        var due = await outbox.ListDueAsync(Now.AddSeconds(1), 10, default);
        Assert.Equal(["due"], due.Select(d => d.Message.Id));
    }
}
