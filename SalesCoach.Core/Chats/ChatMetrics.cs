// Owns one chat's metrics (first response in working time, unanswered, response) and group percentiles.
using SalesCoach.Core.Deals;

namespace SalesCoach.Core.Chats;

/// <summary>One chat's seed-002 metrics (see README "Chat metrics" for the exact definitions).</summary>
public sealed record ChatStats
{
    public required string ChatId { get; init; }
    public required Channel Channel { get; init; }
    public string? ManagerId { get; init; }
    public required int Inbound { get; init; }
    public required int Outbound { get; init; }
    /// <summary>Working time from the client's first message to the first manager message after it; null when unanswered or the client never wrote.</summary>
    public TimeSpan? FirstResponse { get; init; }
    /// <summary>First response longer than the slow threshold (seed 002: 10 working minutes).</summary>
    public required bool SlowFirstResponse { get; init; }
    /// <summary>Client messages after the manager's last message (all of them when the manager never wrote).</summary>
    public required int UnansweredInbound { get; init; }
    /// <summary>The client wrote and a manager wrote after that.</summary>
    public required bool Answered { get; init; }
    public required bool ManagerWroteFirst { get; init; }
}

public sealed record ChatGroupStats(
    string Key, int Chats, int ChatsWithInbound, int Inbound, int Outbound, int UnansweredInbound, int ChatsWithUnanswered,
    int SlowFirstResponses, TimeSpan? MedianFirstResponse, TimeSpan? P90FirstResponse, double? ResponseRate);

/// <summary>Seed 002's chat metrics: pure functions over messages, in working time.</summary>
public static class ChatMetrics
{
    public static readonly TimeSpan DefaultSlowThreshold = TimeSpan.FromMinutes(10);

    public static ChatStats Compute(Chat chat, IEnumerable<ChatMessage> messages, WorkingHours hours, TimeSpan? slowThreshold = null)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(hours);
        // Bot and platform messages are neither a client's question nor a manager's answer.
        var ordered = InOrder(messages);
        var inbound = 0;
        ChatMessage? firstInbound = null;
        var lastOutboundIndex = -1;
        string? lastManager = null;
        for (var i = 0; i < ordered.Count; i++)
        {
            var message = ordered[i];
            if (message.Direction == Direction.Inbound)
            {
                inbound++;
                firstInbound ??= message;
            }
            else
            {
                lastOutboundIndex = i;
            }
            lastManager = message.ManagerId ?? lastManager;
        }
        // Client bursts count from their first message; the reply is the first manager message after it.
        ChatMessage? reply = null;
        if (firstInbound is not null)
        {
            foreach (var message in ordered)
            {
                if (message.Direction == Direction.Outbound && message.SentAt >= firstInbound.SentAt && message.Id != firstInbound.Id)
                {
                    reply = message;
                    break;
                }
            }
        }
        var firstResponse = firstInbound is not null && reply is not null ? hours.WorkingTimeBetween(firstInbound.SentAt, reply.SentAt) : (TimeSpan?)null;
        var unanswered = 0;
        for (var i = lastOutboundIndex + 1; i < ordered.Count; i++)
        {
            unanswered += ordered[i].Direction == Direction.Inbound ? 1 : 0;
        }

        return new ChatStats
        {
            ChatId = chat.Id,
            Channel = chat.Channel,
            ManagerId = chat.ManagerId ?? lastManager,
            Inbound = inbound,
            Outbound = ordered.Count - inbound,
            FirstResponse = firstResponse,
            SlowFirstResponse = firstResponse > (slowThreshold ?? DefaultSlowThreshold),
            UnansweredInbound = unanswered,
            Answered = reply is not null,
            ManagerWroteFirst = ordered.Count > 0 && ordered[0].Direction == Direction.Outbound,
        };
    }

    /// <summary>
    /// The non-system messages by time, then id (a stable sort: equal keys keep their order). Messages read
    /// from storage already come in that order; then the check is all it costs, and a list that is already
    /// so (no system messages, in order) is returned as it is, not copied.
    /// </summary>
    public static IReadOnlyList<ChatMessage> InOrder(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages is IReadOnlyList<ChatMessage> given && IsInOrder(given))
        {
            return given;
        }
        var list = new List<ChatMessage>();
        var sorted = true;
        foreach (var message in messages)
        {
            if (message.IsSystem)
            {
                continue;
            }
            if (sorted && list.Count > 0 && Compare(list[^1], message) > 0)
            {
                sorted = false;
            }
            list.Add(message);
        }
        return sorted ? list : [.. list.OrderBy(m => m.SentAt).ThenBy(m => m.Id, StringComparer.Ordinal)];
    }

    private static bool IsInOrder(IReadOnlyList<ChatMessage> messages)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].IsSystem || (i > 0 && Compare(messages[i - 1], messages[i]) > 0))
            {
                return false;
            }
        }
        return true;
    }

    private static int Compare(ChatMessage a, ChatMessage b)
    {
        var byTime = a.SentAt.CompareTo(b.SentAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
    }

    /// <summary>Sums chats by a key (manager, channel): counts, unanswered, median and P90 first response, response rate.</summary>
    public static IReadOnlyList<ChatGroupStats> Summarize(IEnumerable<ChatStats> chats, Func<ChatStats, string> key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return chats.GroupBy(key, StringComparer.Ordinal)
            .Select(group =>
            {
                var list = group.ToList();
                var responses = list.Where(c => c.FirstResponse is not null).Select(c => c.FirstResponse!.Value).Order().ToList();
                var withInbound = list.Count(c => c.Inbound > 0);
                return new ChatGroupStats(
                    group.Key, list.Count, withInbound, list.Sum(c => c.Inbound), list.Sum(c => c.Outbound),
                    list.Sum(c => c.UnansweredInbound), list.Count(c => c.UnansweredInbound > 0), list.Count(c => c.SlowFirstResponse),
                    Percentile(responses, 0.5), Percentile(responses, 0.9),
                    withInbound == 0 ? null : Math.Round((double)list.Count(c => c.Answered) / withInbound, 4));
            })
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Nearest-rank percentile of sorted values (P50 of 1, 2, 3, 4 is 2; P90 of ten values is the ninth).</summary>
    public static TimeSpan? Percentile(IReadOnlyList<TimeSpan> sorted, double percentile)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return null;
        }
        var rank = (int)Math.Ceiling(percentile * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
