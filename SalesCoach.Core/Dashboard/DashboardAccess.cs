// Owns who may call a keyed route in standalone mode (the dashboard and every "function" route): the token when one is set, loopback callers otherwise.
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace SalesCoach.Core.Dashboard;

/// <summary>How a caller got in (or why not); <see cref="Mode"/> is what the page states.</summary>
public sealed record DashboardAccessDecision(bool Allowed, string Mode, string? Refusal);

public static class DashboardAccess
{
    public const string FunctionKey = "function_key";
    public const string TokenMode = "token";
    public const string LoopbackOnly = "loopback_only";

    /// <summary>Under the Functions host the key was checked before the function ran.</summary>
    public static DashboardAccessDecision Hosted { get; } = new(true, FunctionKey, null);

    /// <summary>
    /// Standalone: a set token must be given (compared in constant time); without one only loopback callers get
    /// in. The token plays the function key's part for the dashboard and for every route the Functions host
    /// would ask a key of.
    /// </summary>
    public static DashboardAccessDecision Standalone(DashboardOptions options, string? givenToken, IPAddress? caller)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.HasToken)
        {
            var matches = givenToken is not null && CryptographicOperations.FixedTimeEquals(
                SHA256.HashData(Encoding.UTF8.GetBytes(givenToken)), SHA256.HashData(Encoding.UTF8.GetBytes(options.Token)));
            return matches
                ? new(true, TokenMode, null)
                : new(false, TokenMode, givenToken is null
                    ? "This needs the key: add ?code=<Dashboard__Token> to the address or send it in the x-functions-key header."
                    : "The key given is not Dashboard__Token.");
        }
        return caller is not null && IPAddress.IsLoopback(caller)
            ? new(true, LoopbackOnly, null)
            : new(false, LoopbackOnly, "No Dashboard__Token is set, so the dashboard and the API answer loopback callers only.");
    }
}
