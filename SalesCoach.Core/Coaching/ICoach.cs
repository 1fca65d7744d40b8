using SalesCoach.Core.Analysis;
using SalesCoach.Core.Crm;

namespace SalesCoach.Core.Coaching;

/// <summary>Everything a coach may look at for one deal.</summary>
public sealed record DealContext(Manager Manager, Deal Deal, IReadOnlyList<Activity> Activities, DealMetrics Metrics);

/// <summary>
/// The seam between analysis and advice. The rule coach always works; an LLM coach (later) wraps it
/// and falls back to it, so callers never care which one answered.
/// </summary>
public interface ICoach
{
    Task<CoachingAdvice> AdviseAsync(DealContext context, CancellationToken cancellationToken);
}
