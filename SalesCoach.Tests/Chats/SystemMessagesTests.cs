using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;

namespace SalesCoach.Tests.Chats;

/// <summary>Bot and platform messages (<see cref="ChatMessage.IsSystem"/>) never count as the client's or the manager's words.</summary>
public sealed class SystemMessagesTests
{
    private static readonly WorkingHours Hours = WorkingHours.Default("Europe/Moscow");
    private static readonly Chat Chat = new() { Id = "c1", Channel = Channel.Whatsapp, CreatedAt = At(0), UpdatedAt = At(0) };
    private static readonly ChatAdvisor Advisor = new(ChatLexicon.Default);

    private static DateTimeOffset At(int minutes) => new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.FromHours(3)).AddMinutes(minutes);

    private static ChatMessage In(int minute, string text) => new() { Id = $"i{minute}", ChatId = "c1", Direction = Direction.Inbound, SentAt = At(minute), Text = text, Source = "t" };

    private static ChatMessage Out(int minute, string text) => new() { Id = $"o{minute}", ChatId = "c1", Direction = Direction.Outbound, SentAt = At(minute), Text = text, ManagerId = "m1", Source = "t" };

    private static ChatMessage Bot(int minute, string text) => new() { Id = $"b{minute}", ChatId = "c1", Direction = Direction.Outbound, SentAt = At(minute), Text = text, Source = "t", IsSystem = true };

    private static ChatMessage Platform(int minute, string text) => new() { Id = $"s{minute}", ChatId = "c1", Direction = Direction.Inbound, SentAt = At(minute), Text = text, Source = "t", IsSystem = true };

    [Fact]
    public void A_bot_auto_reply_is_not_the_first_response()
    {
        var stats = ChatMetrics.Compute(Chat, [In(0, "Здравствуйте, нужен стол"), Bot(1, "Спасибо за обращение! Менеджер ответит в течение 15 минут."), Out(20, "Добрый день! Какой размер?")], Hours);

        Assert.Equal(TimeSpan.FromMinutes(20), stats.FirstResponse);
        Assert.True(stats.SlowFirstResponse);
        Assert.Equal((1, 1), (stats.Inbound, stats.Outbound));
    }

    [Fact]
    public void A_chat_answered_only_by_a_bot_is_unanswered()
    {
        var stats = ChatMetrics.Compute(Chat, [Platform(0, "dialog_opened"), In(1, "Есть в наличии?"), Bot(2, "Менеджер скоро ответит")], Hours);

        Assert.False(stats.Answered);
        Assert.Null(stats.FirstResponse);
        Assert.Equal(1, stats.UnansweredInbound);
        Assert.False(stats.ManagerWroteFirst);
        Assert.Equal(0, stats.Outbound);
    }

    [Fact]
    public void A_platform_message_after_the_manager_does_not_make_the_client_last()
    {
        var stats = ChatMetrics.Compute(Chat, [In(0, "Добрый день"), Out(2, "Здравствуйте! Какой размер нужен?"), Platform(3, "dialog_closed")], Hours);

        Assert.Equal(0, stats.UnansweredInbound);
    }

    [Fact]
    public void A_bot_question_does_not_satisfy_the_clarifying_question_rule()
    {
        ChatMessage[] messages = [In(0, "Добрый день"), Bot(1, "Чем могу помочь?"), Out(3, "Здравствуйте, менеджер Анна.")];

        var advice = Advisor.Advise(ChatMetrics.Compute(Chat, messages, Hours), messages).Select(a => a.Rule);

        Assert.Contains(ChatAdviceRule.AskClarifyingQuestions, advice);
    }

    [Fact]
    public void A_bot_next_step_does_not_answer_a_buying_question()
    {
        ChatMessage[] messages = [In(0, "Сколько стоит доставка?"), Bot(1, "Отправлю ссылку на оплату"), Out(3, "Здравствуйте! Куда доставить?")];

        var advice = Advisor.Advise(ChatMetrics.Compute(Chat, messages, Hours), messages).Select(a => a.Rule);

        Assert.Contains(ChatAdviceRule.GiveNextStep, advice);
    }

    [Fact]
    public void Spin_counts_only_the_managers_questions()
    {
        var spin = Advisor.Spin([Bot(1, "Какой у вас бюджет?"), Bot(2, "Сколько человек в команде?"), Out(3, "Какой у вас бюджет?")]);

        Assert.Equal(1, spin.Total);
    }
}
