// Owns the checks every webhook shares: its credential (constant time) and plausible timestamps.
using System.Security.Cryptography;
using System.Text;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm;

/// <summary>Checks every webhook source shares: its credential and the plausibility of its timestamps.</summary>
public static class WebhookChecks
{
    /// <summary>Nothing configured refuses every delivery; otherwise the presented credential must match (constant time).</summary>
    public static void Require(string? configured, string? presented, string setting, string refusal)
    {
        if (string.IsNullOrEmpty(configured))
        {
            throw new UnauthorizedException($"Webhooks are refused: {setting} is not configured.");
        }
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(configured), Encoding.UTF8.GetBytes(presented ?? "")))
        {
            throw new UnauthorizedException(refusal);
        }
    }

    /// <summary>A Unix timestamp after 2000-01-01 and no later than a day past <paramref name="now"/>; null otherwise.</summary>
    public static DateTimeOffset? PlausibleUnixTime(long seconds, DateTimeOffset now) =>
        seconds is > 946684800 and < 32503680000 && DateTimeOffset.FromUnixTimeSeconds(seconds) is var at && at <= now.AddDays(1) ? at : null;
}
