// Owns the chat advice rules and SPIN counts of one chat.
using SalesCoach.Core.Deals;

namespace SalesCoach.Core.Chats;

public enum ChatAdviceRule
{
    /// <summary>Rule 1: the client wrote, no manager ever answered.</summary>
    NoManagerReply,
    /// <summary>Rule 2: the first reply took more than the slow threshold (10 working minutes).</summary>
    ReplyFaster,
    /// <summary>Rule 3: the client wrote after the manager's last message.</summary>
    FollowUp,
    /// <summary>Rule 4: no question among the manager's first outbound messages.</summary>
    AskClarifyingQuestions,
    /// <summary>Rule 5: the client asked about price, availability or buying and got no next step.</summary>
    GiveNextStep,
}

public sealed record ChatAdviceItem(ChatAdviceRule Rule, string Text);

/// <summary>One chat's advice (rules 1–5) and the SPIN counts of its manager's questions.</summary>
public sealed record ChatAnalysis(IReadOnlyList<ChatAdviceItem> Advice, SpinCounts Spin);

/// <summary>SPIN counts of one chat's (or manager's) questions.</summary>
public sealed record SpinCounts(int Situation, int Problem, int Implication, int NeedPayoff)
{
    public static SpinCounts None { get; } = new(0, 0, 0, 0);

    public int Total => Situation + Problem + Implication + NeedPayoff;

    public SpinCounts Add(SpinType type) => type switch
    {
        SpinType.Situation => this with { Situation = Situation + 1 },
        SpinType.Problem => this with { Problem = Problem + 1 },
        SpinType.Implication => this with { Implication = Implication + 1 },
        _ => this with { NeedPayoff = NeedPayoff + 1 },
    };

    public SpinCounts Add(SpinCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Situation + other.Situation, Problem + other.Problem, Implication + other.Implication, NeedPayoff + other.NeedPayoff);
    }

    public double Share(SpinType type) => Total == 0 ? 0 : (double)(type switch
    {
        SpinType.Situation => Situation,
        SpinType.Problem => Problem,
        SpinType.Implication => Implication,
        _ => NeedPayoff,
    }) / Total;
}

/// <summary>Seed 002's per-chat advice rules 1–5 and the chat's SPIN counts, over the lexicon.</summary>
public sealed class ChatAdvisor(ChatLexicon lexicon)
{
    /// <summary>Rule 4 looks at this many of the manager's first messages.</summary>
    public const int FirstOutboundWindow = 3;

    public IReadOnlyList<ChatAdviceItem> Advise(ChatStats stats, IEnumerable<ChatMessage> messages) => Analyse(stats, messages).Advice;

    public SpinCounts Spin(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var spin = SpinCounts.None;
        foreach (var message in messages)
        {
            if (message.Direction == Direction.Outbound && !message.IsSystem && lexicon.Classify(message.Text) is { } type)
            {
                spin = spin.Add(type);
            }
        }
        return spin;
    }

    /// <summary>
    /// The chat's advice and SPIN counts together, each message read by the lexicon at most once
    /// (<see cref="ChatLexicon.Read"/>): the same results as <see cref="Advise"/> and <see cref="Spin"/>.
    /// </summary>
    public ChatAnalysis Analyse(ChatStats stats, IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var ordered = ChatMetrics.InOrder(messages);
        var read = new LexiconText?[ordered.Count];
        LexiconText Read(int i) => read[i] ??= lexicon.Read(ordered[i].Text ?? "");

        var advice = new List<ChatAdviceItem>();
        if (stats.Inbound > 0 && !stats.Answered)
        {
            advice.Add(new(ChatAdviceRule.NoManagerReply, "Клиент написал, а ответа менеджера нет — ответьте сегодня."));
        }
        if (stats.SlowFirstResponse)
        {
            advice.Add(new(ChatAdviceRule.ReplyFaster, $"Первый ответ занял {Minutes(stats.FirstResponse!.Value)} рабочих минут — отвечайте в пределах 10."));
        }
        if (stats.Answered && stats.UnansweredInbound > 0)
        {
            advice.Add(new(ChatAdviceRule.FollowUp, "Последнее слово за клиентом — вернитесь в диалог и зафиксируйте следующий шаг."));
        }
        var (outboundSeen, questionSeen) = (0, false);
        for (var i = 0; i < ordered.Count && outboundSeen < FirstOutboundWindow && !questionSeen; i++)
        {
            if (ordered[i].Direction == Direction.Outbound)
            {
                outboundSeen++;
                questionSeen = ChatLexicon.IsQuestion(Read(i));
            }
        }
        if (outboundSeen > 0 && !questionSeen)
        {
            advice.Add(new(ChatAdviceRule.AskClarifyingQuestions, "В первых сообщениях нет ни одного вопроса — задайте уточняющие вопросы о задаче клиента."));
        }
        var firstIntent = -1;
        for (var i = 0; i < ordered.Count && firstIntent < 0; i++)
        {
            if (ordered[i].Direction == Direction.Inbound && !string.IsNullOrWhiteSpace(ordered[i].Text) && ChatLexicon.HasIntent(Read(i)))
            {
                firstIntent = i;
            }
        }
        var nextStep = false;
        for (var i = firstIntent + 1; firstIntent >= 0 && i < ordered.Count && !nextStep; i++)
        {
            nextStep = ordered[i].Direction == Direction.Outbound && !string.IsNullOrWhiteSpace(ordered[i].Text) && ChatLexicon.OffersNextStep(Read(i));
        }
        if (firstIntent >= 0 && !nextStep)
        {
            advice.Add(new(ChatAdviceRule.GiveNextStep, "Клиент спросил о цене, наличии или покупке — предложите конкретный следующий шаг (счёт, ссылку на оплату, встречу)."));
        }

        var spin = SpinCounts.None;
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Direction == Direction.Outbound && !ordered[i].IsSystem && !string.IsNullOrWhiteSpace(ordered[i].Text) && lexicon.Classify(Read(i)) is { } type)
            {
                spin = spin.Add(type);
            }
        }
        return new ChatAnalysis(advice, spin);
    }

    private static string Minutes(TimeSpan time) => Math.Round(time.TotalMinutes).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
