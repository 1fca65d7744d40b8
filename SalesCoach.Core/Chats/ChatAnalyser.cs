// Owns analysing chats as reports need them: metrics, advice and SPIN per chat, in batches on a worker.
using SalesCoach.Core.Platform;
using AnalysedChat = SalesCoach.Core.Chats.ChatReportTables.AnalysedChat;

namespace SalesCoach.Core.Chats;

/// <summary>
/// Everything a report computes for one chat (<see cref="ChatMetrics"/> in <c>hours</c>, the advice rules
/// and SPIN counts of <see cref="ChatAdvisor"/>), for a chat or a batch of chats, and a worker that
/// analyses batches while their reader goes on (<see cref="InOrderWorker{TIn, TOut}"/>).
/// </summary>
public sealed class ChatAnalyser(ChatLexicon lexicon, WorkingHours hours, TimeSpan? slowThreshold = null)
{
    /// <summary>Batches analysed at once; the reader holds at most this many more.</summary>
    public const int InFlight = 4;

    private readonly ChatAdvisor advisor = new(lexicon);

    public AnalysedChat Analyse(Chat chat, IReadOnlyList<ChatMessage> messages)
    {
        var stats = ChatMetrics.Compute(chat, messages, hours, slowThreshold);
        var analysis = advisor.Analyse(stats, messages);
        return new AnalysedChat(chat, messages, stats, analysis.Advice, analysis.Spin);
    }

    public IReadOnlyList<AnalysedChat> Analyse(IReadOnlyList<(Chat Chat, IReadOnlyList<ChatMessage> Messages)> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var analysed = new AnalysedChat[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            analysed[i] = Analyse(batch[i].Chat, batch[i].Messages);
        }
        return analysed;
    }

    public InOrderWorker<IReadOnlyList<(Chat Chat, IReadOnlyList<ChatMessage> Messages)>, IReadOnlyList<AnalysedChat>> Worker() => new(Analyse, InFlight);
}
