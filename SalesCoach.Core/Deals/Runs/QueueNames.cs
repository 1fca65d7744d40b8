namespace SalesCoach.Core.Deals.Runs;

/// <summary>
/// Logical queue names. The full name is "{prefix}-{logical}"; the queue-triggered functions'
/// function.json files say the same ("%SalesCoach__StoragePrefix%-manager-analysis"), checked by a test.
/// </summary>
public static class QueueNames
{
    /// <summary>One message per (run, manager): the fan-out.</summary>
    public const string ManagerAnalysis = "manager-analysis";
    /// <summary>One message per run, sent by whoever counted the last manager: the fan-in.</summary>
    public const string RunFinalize = "run-finalize";
}

/// <summary>Body of a <see cref="QueueNames.ManagerAnalysis"/> message.</summary>
public sealed record ManagerWorkMessage(string RunId, string ManagerId);

/// <summary>Body of a <see cref="QueueNames.RunFinalize"/> message.</summary>
public sealed record RunFinalizeMessage(string RunId);
