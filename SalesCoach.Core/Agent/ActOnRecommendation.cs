// Owns what a manager does with a recommendation: accept, dismiss or complete it (idempotent; a finished one refuses another outcome).
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Agent;

public enum RecommendationAction
{
    Accept,
    Dismiss,
    Complete,
}

/// <summary>
/// POST /api/agent/recommendations/{id}/accept|dismiss|complete. Repeating the same action is answered with
/// the same record (idempotent). Accepting keeps it open for completion; dismissed, done and expired are
/// finished, and any other action on them is a conflict (409) naming the state it is in.
/// </summary>
public sealed class ActOnRecommendation(RecommendationRepository recommendations, TimeProvider time)
{
    public async Task<Recommendation> RunAsync(string id, RecommendationAction action, CancellationToken cancellationToken)
    {
        Keys.RequireId(id, "recommendationId");
        var now = time.GetUtcNow();
        var result = await recommendations.MutateAsync(id, r => Apply(r, action, now), cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Recommendation", id);
        return result.After;
    }

    public static Recommendation Apply(Recommendation recommendation, RecommendationAction action, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(recommendation);
        var status = recommendation.StatusAt(now);
        var target = action switch
        {
            RecommendationAction.Accept => RecommendationStatus.Accepted,
            RecommendationAction.Dismiss => RecommendationStatus.Dismissed,
            _ => RecommendationStatus.Done,
        };
        if (status == target)
        {
            return recommendation;
        }
        if (Recommendation.IsFinished(status))
        {
            throw new ConflictException($"Recommendation '{recommendation.Id}' is already {Json.Name(status.ToString())}; it cannot be {Json.Name(target.ToString())} now.");
        }
        return action switch
        {
            RecommendationAction.Accept => recommendation with { AcceptedAt = now },
            RecommendationAction.Dismiss => recommendation with { DismissedAt = now },
            _ => recommendation with { DoneAt = now, AcceptedAt = recommendation.AcceptedAt ?? now },
        };
    }
}

/// <summary>The midnight job: open and accepted recommendations past their expiry become expired.</summary>
public sealed class ExpireRecommendations(RecommendationRepository recommendations, ActionLog actions, TimeProvider time)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expired = 0;
        foreach (var due in (await recommendations.ListActiveAsync(null, cancellationToken).ConfigureAwait(false)).Where(r => r.ExpiresAt <= now))
        {
            var changed = await recommendations.MutateAsync(due.Id,
                r => r.StatusAt(now) == RecommendationStatus.Expired && r.ExpiredAt is null ? r with { ExpiredAt = now } : r, cancellationToken).ConfigureAwait(false);
            if (changed is { } c && c.After.ExpiredAt is not null && c.Before.ExpiredAt is null)
            {
                expired++;
                await actions.RecordAsync(new AgentAction($"expire-{due.Id}", "expire_recommendation", due.TargetKind, due.TargetId, due.ManagerId, true,
                    $"open since {due.CreatedAt:u}", now), cancellationToken).ConfigureAwait(false);
            }
        }
        return expired;
    }
}
