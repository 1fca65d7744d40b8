// Owns the LLM advice cache key: a hash of the deal's content and the local date.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals.Coaching;

/// <summary>
/// The cache key of LLM advice: a SHA-256 over the deal, its activities, the manager's local date and language.
/// An unchanged deal on the same local day reuses the answer (no tokens); any edit, new activity or a
/// new day (the advice speaks of idle days) asks again.
/// </summary>
public static class DealContentHash
{
    public static string Compute(DealContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var deal = context.Deal;
        var text = new StringBuilder();
        Append(text, deal.Id, deal.Name, deal.ManagerId, deal.Budget.ToString(CultureInfo.InvariantCulture), deal.Currency, deal.Stage,
            deal.Status.ToString(), Stamp(deal.CreatedAt), deal.ClientName, deal.Product);
        foreach (var activity in context.Activities.OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            Append(text, activity.Id, activity.Kind.ToString(), Stamp(activity.OccurredAt), activity.Direction?.ToString(),
                activity.DurationSeconds?.ToString(CultureInfo.InvariantCulture), activity.Text, Stamp(activity.DueAt), Stamp(activity.CompletedAt),
                activity.FromStage, activity.ToStage);
        }
        var localDate = TimeZones.ToLocal(context.Now, context.Manager.TimeZone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Append(text, context.Manager.Name, localDate, context.Language);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    // Length-prefixed fields: no choice of separators can make two different deals collide.
    private static void Append(StringBuilder text, params string?[] fields)
    {
        foreach (var field in fields)
        {
            if (field is null)
            {
                text.Append("-1:");
                continue;
            }
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field);
        }
        text.Append('\n');
    }

    private static string? Stamp(DateTimeOffset? at) => at?.UtcTicks.ToString(CultureInfo.InvariantCulture);
}
