// Owns throttling a flood of updates from one Telegram user.
using System.Collections.Concurrent;

namespace SalesCoach.Core.Bot;

public enum FloodVerdict
{
    Allowed,
    /// <summary>Over the limit for the first time in this window: answer once, politely.</summary>
    FirstRefusal,
    /// <summary>Still over the limit: drop silently (answering every one would be a flood of our own).</summary>
    Refused,
}

/// <summary>
/// A sliding window per user: at most <see cref="BotOptions.FloodLimit"/> updates in <see cref="BotOptions.FloodWindow"/>.
/// Kept in memory: with several instances each counts its own share, which only makes the limit looser, never stricter.
/// </summary>
public sealed class FloodGate(BotOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<long, UserWindow> users = new();

    public FloodVerdict Check(long telegramUserId)
    {
        var now = time.GetUtcNow();
        var window = users.GetOrAdd(telegramUserId, _ => new UserWindow());
        lock (window)
        {
            while (window.Seen.TryPeek(out var oldest) && oldest <= now - options.FloodWindow)
            {
                window.Seen.Dequeue();
            }
            if (window.Seen.Count < options.FloodLimit)
            {
                window.Seen.Enqueue(now);
                window.Warned = false;
                return FloodVerdict.Allowed;
            }
            if (window.Warned)
            {
                return FloodVerdict.Refused;
            }
            window.Warned = true;
            return FloodVerdict.FirstRefusal;
        }
    }

    private sealed class UserWindow
    {
        public Queue<DateTimeOffset> Seen { get; } = new();
        public bool Warned { get; set; }
    }
}
