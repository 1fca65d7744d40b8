// Owns the attention budget: how much one manager is sent per run.
namespace SalesCoach.Core.Deals;

/// <summary>
/// Bound from the "Coaching" section. A manager with 2,000 open deals still gets at most
/// <see cref="MaxCardsPerRun"/> detailed cards per run and one summary message; the rest is one line
/// each, or behind "and N more".
/// </summary>
public sealed record AttentionOptions
{
    /// <summary>Detailed cards per manager per team run, for the deals with the most value at risk.</summary>
    public int MaxCardsPerRun { get; init; } = 5;

    /// <summary>Deal lines in a summary or a stale alert at most (fewer when one message would overflow).</summary>
    public int SummaryLines { get; init; } = 10;

    /// <summary>Deals assessed (their activities read) at once.</summary>
    public int Parallelism { get; init; } = 8;

    public void Validate()
    {
        if (MaxCardsPerRun is < 0 or > 100)
        {
            throw new InvalidOperationException($"Coaching__MaxCardsPerRun must be from 0 to 100, not {MaxCardsPerRun}.");
        }
        if (SummaryLines is < 1 or > 50)
        {
            throw new InvalidOperationException($"Coaching__SummaryLines must be from 1 to 50, not {SummaryLines}.");
        }
        if (Parallelism is < 1 or > 64)
        {
            throw new InvalidOperationException($"Coaching__Parallelism must be from 1 to 64, not {Parallelism}.");
        }
    }
}
