// Owns the linear stage machine shared by leads and sales.
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Leads;

/// <summary>
/// A linear funnel with one exit: each stage may only move to the next one (no skipping, seeds 001 and
/// 003), any open stage may move to the lost stage, and the last and lost stages are final.
/// </summary>
public sealed class StageMachine<TStage> where TStage : struct, Enum
{
    private readonly TStage[] path;
    private readonly TStage lost;

    public StageMachine(TStage[] path, TStage lost)
    {
        this.path = path;
        this.lost = lost;
    }

    public bool IsFinal(TStage stage) => EqualityComparer<TStage>.Default.Equals(stage, lost) || EqualityComparer<TStage>.Default.Equals(stage, path[^1]);

    public bool CanMove(TStage from, TStage to)
    {
        if (IsFinal(from))
        {
            return false;
        }
        if (EqualityComparer<TStage>.Default.Equals(to, lost))
        {
            return true;
        }
        var index = Array.IndexOf(path, from);
        return index >= 0 && index + 1 < path.Length && EqualityComparer<TStage>.Default.Equals(path[index + 1], to);
    }

    /// <summary>Throws <see cref="InvalidTransitionException"/> ("Cannot transition from 'new' to 'qualified'") unless the move is allowed.</summary>
    public void EnsureCanMove(TStage from, TStage to)
    {
        if (!CanMove(from, to))
        {
            throw new InvalidTransitionException(Name(from), Name(to));
        }
    }

    /// <summary>Stages in funnel order, lost last.</summary>
    public IReadOnlyList<TStage> Stages => [.. path, lost];

    public IReadOnlyList<TStage> Path => path;

    public static string Name(TStage stage) => stage.ToString().ToLowerInvariant();
}
