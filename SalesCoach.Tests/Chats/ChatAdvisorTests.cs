using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;

namespace SalesCoach.Tests.Chats;

public sealed class ChatAdvisorTests
{
    private static readonly WorkingHours Hours = WorkingHours.Default("Europe/Moscow");
    private static readonly Chat Chat = new() { Id = "c1", Channel = Channel.Instagram, ManagerId = "m1", CreatedAt = At(0), UpdatedAt = At(0) };
    private static readonly ChatAdvisor Advisor = new(ChatLexicon.Default);

    private static DateTimeOffset At(int minutes) => new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.FromHours(3)).AddMinutes(minutes);

    private static ChatMessage In(int minute, string text) => new() { Id = $"i{minute}", ChatId = "c1", Direction = Direction.Inbound, SentAt = At(minute), Text = text, Source = "t" };

    private static ChatMessage Out(int minute, string text) => new() { Id = $"o{minute}", ChatId = "c1", Direction = Direction.Outbound, SentAt = At(minute), Text = text, ManagerId = "m1", Source = "t" };

    private static IReadOnlyList<ChatAdviceRule> Rules(params ChatMessage[] messages) =>
        Advisor.Advise(ChatMetrics.Compute(Chat, messages, Hours), messages).Select(a => a.Rule).ToList();

    [Fact]
    public void A_good_chat_gets_no_advice()
    {
        Assert.Empty(Rules(
            In(0, "Здравствуйте, сколько стоит доставка?"),
            Out(3, "Добрый день! Куда нужна доставка и какой объём?"),
            In(5, "В Алматы, 2 коробки"),
            Out(8, "Давайте оформим: отправлю ссылку на оплату, доставка завтра.")));
    }

    [Fact]
    public void Rule_1_no_manager_reply()
    {
        Assert.Contains(ChatAdviceRule.NoManagerReply, Rules(In(0, "Добрый день")));
    }

    [Fact]
    public void Rule_2_reply_faster_after_ten_working_minutes()
    {
        Assert.Contains(ChatAdviceRule.ReplyFaster, Rules(In(0, "Добрый день"), Out(11, "Здравствуйте! Что вас интересует?")));
        Assert.DoesNotContain(ChatAdviceRule.ReplyFaster, Rules(In(0, "Добрый день"), Out(10, "Здравствуйте! Что вас интересует?")));
    }

    [Fact]
    public void Rule_3_follow_up_when_the_client_wrote_last()
    {
        Assert.Contains(ChatAdviceRule.FollowUp, Rules(In(0, "Добрый день"), Out(2, "Здравствуйте! Какой размер нужен?"), In(5, "42")));
    }

    [Fact]
    public void Rule_4_ask_clarifying_questions_when_the_first_messages_hold_none()
    {
        Assert.Contains(ChatAdviceRule.AskClarifyingQuestions, Rules(In(0, "Добрый день"), Out(2, "Здравствуйте."), Out(3, "Вот каталог."), Out(4, "Пишите.")));
        // A question in the fourth message is too late.
        Assert.Contains(ChatAdviceRule.AskClarifyingQuestions, Rules(In(0, "Привет"), Out(1, "Здравствуйте."), Out(2, "Каталог."), Out(3, "Цены."), Out(4, "Какой размер?")));
    }

    [Fact]
    public void Rule_5_give_a_next_step_after_a_price_question()
    {
        Assert.Contains(ChatAdviceRule.GiveNextStep, Rules(In(0, "Сколько стоит?"), Out(2, "5000 тенге. Какой цвет нравится?")));
        Assert.DoesNotContain(ChatAdviceRule.GiveNextStep, Rules(In(0, "How much is it?"), Out(2, "It's $50 — shall I send the invoice?")));
    }

    [Fact]
    public void Spin_counts_only_manager_questions()
    {
        var counts = Advisor.Spin([
            In(0, "Что у вас есть?"),
            Out(1, "Сколько у вас сотрудников?"),
            Out(2, "Что вас не устраивает в текущем поставщике?"),
            Out(3, "Сколько вы теряете из-за задержек?"),
            Out(4, "Отправил расчёт."),
        ]);
        Assert.Equal(new SpinCounts(1, 1, 1, 0), counts);
        Assert.Equal(3, counts.Total);
    }

    [Fact]
    public void Improvement_plan_names_the_largest_gaps_with_examples_in_the_managers_language()
    {
        var planner = new SpinImprovementPlanner(ChatLexicon.Default);
        var plan = planner.Plan("m1", new SpinCounts(8, 2, 0, 0), ["Скільки у вас менеджерів?", "Який бюджет?"]);

        Assert.Equal("uk", plan.Language);
        Assert.Equal([SpinType.Implication, SpinType.NeedPayoff], plan.AskMoreOf.Select(g => g.Type));
        Assert.All(plan.AskMoreOf, g => Assert.NotEmpty(g.ExampleQuestions));
        Assert.Contains("втрачаєте", plan.AskMoreOf[0].ExampleQuestions[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_balanced_mix_needs_no_plan()
    {
        var plan = new SpinImprovementPlanner(ChatLexicon.Default).Plan("m1", new SpinCounts(3, 3, 2, 2), ["What is your budget?"]);
        Assert.Empty(plan.AskMoreOf);
        Assert.Equal("en", plan.Language);
    }
}
