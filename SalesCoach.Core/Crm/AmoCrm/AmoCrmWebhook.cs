// Owns parsing and validating one amoCRM webhook delivery as a whole.
using System.Globalization;
using System.Text.RegularExpressions;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.AmoCrm;

/// <summary>What one amoCRM webhook delivery asks for, parsed and validated as a whole.</summary>
public sealed record AmoCrmWebhookChanges(IReadOnlyList<Deal> Deals, IReadOnlyList<Activity> Activities, IReadOnlyList<string> DeletedDealIds);

/// <summary>
/// amoCRM's form-encoded webhooks: "leads[add|update|status|delete|note][i][field]=value", plus
/// "account[…]". Every event is validated before anything is written; a bad one refuses the whole
/// delivery with the form key that is wrong. Other entities (contacts, companies…) are unknown event
/// types: 400.
/// </summary>
public static partial class AmoCrmWebhook
{
    private static readonly HashSet<string> LeadActions = ["add", "update", "status", "delete", "note"];

    public static AmoCrmWebhookChanges Parse(IEnumerable<KeyValuePair<string, string>> form, IReadOnlyDictionary<long, string> statusNames, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(form);
        var events = new SortedDictionary<(string Action, int Index), Dictionary<string, string>>();
        foreach (var (key, value) in form)
        {
            if (key.StartsWith("account[", StringComparison.Ordinal))
            {
                continue;
            }
            var match = LeadKey().Match(key);
            if (!match.Success)
            {
                throw new InputValidationException(key, $"'{key}' is not an amoCRM lead event this endpoint handles (leads[add|update|status|delete|note]).");
            }
            var action = match.Groups[1].Value;
            if (!LeadActions.Contains(action))
            {
                throw new InputValidationException(key, $"Unknown amoCRM lead event type '{action}'.");
            }
            var index = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            if (!events.TryGetValue((action, index), out var fields))
            {
                events[(action, index)] = fields = new Dictionary<string, string>(StringComparer.Ordinal);
            }
            // "leads[note][0][note][params][DURATION]" → field "note[params][DURATION]".
            var field = match.Groups[3].Value;
            var split = field.IndexOf("][", StringComparison.Ordinal);
            fields[split < 0 ? field : string.Concat(field.AsSpan(0, split), "[", field.AsSpan(split + 2), "]")] = value;
        }
        if (events.Count == 0)
        {
            throw new InputValidationException("leads", "The delivery holds no lead events.");
        }

        var deals = new List<Deal>();
        var activities = new List<Activity>();
        var deleted = new List<string>();
        foreach (var ((action, index), fields) in events)
        {
            var at = new Event(action, index, fields, now);
            switch (action)
            {
                case "delete":
                    deleted.Add(AmoCrmMapper.DealId(at.Positive("id")));
                    break;
                case "note":
                    activities.Add(Note(at));
                    break;
                default:
                    var deal = Lead(at, statusNames);
                    deals.Add(deal);
                    if (action == "status" && fields.ContainsKey("old_status_id"))
                    {
                        // Deterministic id: the same status change delivered twice is one activity.
                        activities.Add(new Activity
                        {
                            Id = OutboundJsonHttp.Invariant($"amo-wh-{at.Positive("id")}-{deal.UpdatedAt.ToUnixTimeSeconds()}"),
                            DealId = deal.Id,
                            Kind = ActivityKind.StageChange,
                            OccurredAt = deal.UpdatedAt,
                            FromStage = Name(statusNames, at.Positive("old_status_id")),
                            ToStage = deal.Stage,
                        });
                    }
                    break;
            }
        }
        return new AmoCrmWebhookChanges(deals, activities, deleted);
    }

    private static Deal Lead(Event at, IReadOnlyDictionary<long, string> statusNames)
    {
        var statusId = at.Positive("status_id");
        var modified = at.Unix("last_modified", "updated_at");
        var created = at.OptionalUnix("date_create", "created_at") ?? modified;
        var price = at.Fields.TryGetValue("price", out var raw) && raw.Length > 0
            ? decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 1_000_000_000_000m ? p : throw at.Error("price", "must be a non-negative amount")
            : 0m;
        return new Deal
        {
            Id = AmoCrmMapper.DealId(at.Positive("id")),
            Name = at.Fields.GetValueOrDefault("name") is { Length: > 0 and <= 500 } name ? name : OutboundJsonHttp.Invariant($"Сделка #{at.Positive("id")}"),
            ManagerId = AmoCrmMapper.ManagerId(at.Positive("responsible_user_id")),
            Budget = price,
            Currency = "RUB",
            Stage = Name(statusNames, statusId),
            Status = statusId switch { AmoCrmMapper.WonStatus => DealStatus.Won, AmoCrmMapper.LostStatus => DealStatus.Lost, _ => DealStatus.Open },
            CreatedAt = created,
            UpdatedAt = modified < created ? created : modified,
        };
    }

    private static Activity Note(Event at)
    {
        var type = at.Fields.GetValueOrDefault("note[note_type]") ?? throw at.Error("note[note_type]", "is required");
        var isCall = type is "10" or "11" or "call_in" or "call_out";
        int? duration = null;
        if (isCall && at.Fields.TryGetValue("note[params][DURATION]", out var rawDuration))
        {
            duration = int.TryParse(rawDuration, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d <= 86_400 ? d : throw at.Error("note[params][DURATION]", "must be 0–86400 seconds");
        }
        return new Activity
        {
            Id = OutboundJsonHttp.Invariant($"amo-note-{at.Positive("note[id]")}"),
            DealId = AmoCrmMapper.DealId(at.Positive("note[element_id]")),
            Kind = isCall ? ActivityKind.Call : ActivityKind.Note,
            OccurredAt = at.Unix("note[date_create]", "note[created_at]"),
            Direction = type is "10" or "call_in" ? Direction.Inbound : isCall ? Direction.Outbound : null,
            DurationSeconds = isCall ? duration ?? 0 : null,
            Text = at.Fields.GetValueOrDefault("note[text]") is { Length: > 0 } text ? text[..Math.Min(text.Length, Import.ImportRecordReader.MaxTextLength)] : null,
        };
    }

    private static string Name(IReadOnlyDictionary<long, string> names, long statusId) =>
        names.GetValueOrDefault(statusId) ?? statusId.ToString(CultureInfo.InvariantCulture);

    private sealed record Event(string Action, int Index, Dictionary<string, string> Fields, DateTimeOffset Now)
    {
        public InputValidationException Error(string field, string message)
        {
            // Back to the form key amoCRM sent: "note[params][DURATION]" → "[note][params][DURATION]".
            var bracketed = field.Contains('[', StringComparison.Ordinal) ? "[" + field.Insert(field.IndexOf('[', StringComparison.Ordinal), "]") : $"[{field}]";
            var key = $"leads[{Action}][{Index}]{bracketed}";
            return new InputValidationException(key, $"{key} {message}.");
        }

        public long Positive(string field) =>
            Fields.TryGetValue(field, out var raw) && long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw Error(field, "must be a positive whole number");

        public DateTimeOffset Unix(params string[] names) => OptionalUnix(names) ?? throw Error(names[0], "is required (Unix seconds)");

        public DateTimeOffset? OptionalUnix(params string[] names)
        {
            foreach (var name in names)
            {
                if (Fields.TryGetValue(name, out var raw))
                {
                    return long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && WebhookChecks.PlausibleUnixTime(seconds, Now) is { } at
                        ? at
                        : throw Error(name, "is not a plausible Unix time");
                }
            }
            return null;
        }
    }

    [GeneratedRegex(@"^leads\[([a-z_]+)\]\[([0-9]{1,4})\]\[(.+)\]$")]
    private static partial Regex LeadKey();
}
