// Owns the dashboard's settings: who may open it in standalone mode, and what counts as a stale deal on it.
namespace SalesCoach.Core.Dashboard;

public sealed class DashboardOptions
{
    /// <summary>
    /// Standalone mode: the token a browser must give (?code=… or the x-functions-key header) to open the
    /// dashboard and its data. Empty: only loopback callers are let in. Under the Functions host the
    /// function key does this job and this setting is not read.
    /// </summary>
    public string Token { get; init; } = "";

    /// <summary>Days without a call or message after which an open deal counts as stale on the dashboard.</summary>
    public int StaleDays { get; init; } = 3;

    /// <summary>How many of the period's team runs the dashboard lists, newest first.</summary>
    public int RunsShown { get; init; } = 10;

    public bool HasToken => Token.Length > 0;
}
