// Owns the buttons under pushed plans and alerts: Done / Snooze 1 day / Not relevant per recommendation, recorded for the manager they go to.
using SalesCoach.Core.Agent;
using SalesCoach.Core.Managers;

namespace SalesCoach.Core.Bot;

/// <summary>
/// The bot's side of <see cref="IRecommendationButtons"/>: the same buttons as on its own cards, stored
/// server-side for the recipient; pressed, they act like the card's and redraw the plan (for a plan) or the
/// lead's or deal's card (for an alert) in place of the pushed message.
/// </summary>
public sealed class BotRecommendationButtons(BotButtons buttons, LanguageOptions languages, TimeProvider time) : IRecommendationButtons
{
    public async Task<string?> MarkupAsync(Manager manager, IReadOnlyList<Recommendation> recommendations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(recommendations);
        var now = time.GetUtcNow();
        var texts = new BotTexts(languages.For(manager));
        var screen = new BotScreen(manager.Id, now);
        for (var i = 0; i < recommendations.Count; i++)
        {
            var recommendation = recommendations[i];
            var redraw = recommendation.PlanDate is not null ? "plan"
                : recommendation.TargetKind switch
                {
                    TargetKind.Deal => "deal:" + recommendation.TargetId,
                    TargetKind.Lead => "lead:" + recommendation.TargetId,
                    _ => "plan",
                };
            BotScreens.RecommendationButtons(texts, recommendation, now, redraw, screen, prefix: recommendations.Count > 1 ? $"{i + 1} " : "");
        }
        await buttons.AddAsync(screen.Buttons, cancellationToken).ConfigureAwait(false);
        return screen.MarkupJson;
    }
}
