// Owns the seam through which a pushed recommendation (a plan item, an inactivity alert) gets its Done / Snooze / Not relevant buttons.
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;

namespace SalesCoach.Core.Agent;

/// <summary>
/// Buttons under a Telegram message that carries recommendations; the managers' bot implements it (and records
/// what each button does server-side). Without an implementation the messages go out without buttons.
/// </summary>
public interface IRecommendationButtons
{
    /// <summary>The InlineKeyboardMarkup JSON for these recommendations, shown to <paramref name="manager"/>; null for none.</summary>
    Task<string?> MarkupAsync(Manager manager, IReadOnlyList<Recommendation> recommendations, CancellationToken cancellationToken);
}

public static class RecommendationButtonsExtensions
{
    /// <summary>Puts the buttons under the last part of a message (the parts of one long message share them once).</summary>
    public static async Task<IReadOnlyList<OutboxMessage>> WithButtonsAsync(this IEnumerable<IRecommendationButtons>? sources, IEnumerable<OutboxMessage> parts,
        Manager manager, IReadOnlyList<Recommendation> recommendations, CancellationToken cancellationToken)
    {
        var list = parts.ToList();
        if (sources?.FirstOrDefault() is not { } buttons || list.Count == 0 || recommendations.Count == 0)
        {
            return list;
        }
        list[^1] = list[^1] with { ReplyMarkup = await buttons.MarkupAsync(manager, recommendations, cancellationToken).ConfigureAwait(false) };
        return list;
    }
}
