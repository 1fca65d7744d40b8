// Owns send slots under a per-chat interval and a global rate.
namespace SalesCoach.Core.Platform;

/// <summary>
/// Hands out send slots that respect a per-chat interval and a global rate. The global rate is kept as
/// a minimum spacing of 1/N s between any two sends, which never lets more than N into one second.
/// Reserve books the slot at once and returns how long to wait for it, so concurrent senders never share one.
/// </summary>
public sealed class SendRateLimiter
{
    private readonly Lock gate = new();
    private readonly Dictionary<long, DateTimeOffset> lastPerChat = [];
    private readonly TimeProvider time;
    private readonly TimeSpan perChatInterval;
    private readonly TimeSpan globalSpacing;
    private DateTimeOffset lastGlobal = DateTimeOffset.MinValue;

    public SendRateLimiter(TimeProvider time, TimeSpan perChatInterval, int globalPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(globalPerSecond);
        this.time = time;
        this.perChatInterval = perChatInterval;
        // Rounded up, so N spacings never add up to less than a second.
        globalSpacing = TimeSpan.FromTicks((TimeSpan.TicksPerSecond + globalPerSecond - 1) / globalPerSecond);
    }

    public TimeSpan Reserve(long chatId)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            var slot = now;
            if (lastPerChat.TryGetValue(chatId, out var lastInChat) && lastInChat + perChatInterval > slot)
            {
                slot = lastInChat + perChatInterval;
            }
            if (lastGlobal != DateTimeOffset.MinValue && lastGlobal + globalSpacing > slot)
            {
                slot = lastGlobal + globalSpacing;
            }
            lastPerChat[chatId] = slot;
            lastGlobal = slot;
            return slot - now;
        }
    }
}
