// Owns parsing and validating one amoCRM webhook delivery as a whole.
using System.Globalization;
using System.Text.RegularExpressions;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.AmoCrm;

/// <summary>A stage move from a Digital Pipeline webhook: only the lead id and its statuses, no lead data.</summary>
public sealed record AmoCrmStageMove(string DealId, string ToStage, DealStatus Status, Activity Activity);

/// <summary>What one amoCRM webhook delivery asks for, parsed and validated as a whole; events it does not use are counted.</summary>
public sealed record AmoCrmWebhookChanges(
    IReadOnlyList<Deal> Deals, IReadOnlyList<Activity> Activities, IReadOnlyList<string> DeletedDealIds,
    IReadOnlyList<AmoCrmStageMove> StageMoves, IReadOnlyDictionary<string, int> Ignored)
{
    public int EventCount => Deals.Count + Activities.Count + DeletedDealIds.Count + StageMoves.Count;
}

/// <summary>
/// amoCRM's form-encoded webhooks: "leads[add|update|status|delete|note][i][field]=value", plus
/// "account[…]". Lead events are validated as a whole: one bad field rejects the delivery with the
/// form key that is wrong. A responsible change or a restore that carries the lead is an update (the
/// owner may have changed). Everything the app does not use (contacts, companies, tasks, unsorted, chat
/// messages, keys it does not know) is counted and ignored, never refused: amoCRM switches a hook off
/// after too many failed answers. A status event with only id and statuses is a Digital Pipeline webhook.
/// </summary>
public static partial class AmoCrmWebhook
{
    /// <summary>Events that carry a whole lead. A responsible change or a restore carries one too (when it lacks the lead's fields, it is ignored).</summary>
    private static readonly HashSet<string> LeadEvents = ["add", "update", "status", "responsible", "restore"];

    public static AmoCrmWebhookChanges Parse(
        IEnumerable<KeyValuePair<string, string>> form, IReadOnlyDictionary<long, string> statusNames, DateTimeOffset now, TimeZoneInfo accountZone, string deliveryId)
    {
        ArgumentNullException.ThrowIfNull(form);
        var events = new SortedDictionary<(string Action, int Index), Dictionary<string, string>>();
        var ignored = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var ignoredEvents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in form)
        {
            if (key.StartsWith("account[", StringComparison.Ordinal))
            {
                continue;
            }
            var match = EventKey().Match(key);
            var action = match.Groups[2].Value;
            if (!match.Success || match.Groups[1].Value != "leads" || !(LeadEvents.Contains(action) || action is "delete" or "note"))
            {
                // Counted once per event, not per field: "contacts[add][0]", "leads[responsible][0]", or the key itself.
                var kind = match.Success ? $"{match.Groups[1].Value}[{action}]" : "unknown";
                if (ignoredEvents.Add(match.Success ? $"{match.Groups[1].Value}[{action}][{match.Groups[3].Value}]" : key))
                {
                    ignored[kind] = ignored.GetValueOrDefault(kind) + 1;
                }
                continue;
            }
            var index = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
            if (!events.TryGetValue((action, index), out var fields))
            {
                events[(action, index)] = fields = new Dictionary<string, string>(StringComparer.Ordinal);
            }
            // "leads[note][0][note][params][DURATION]" → field "note[params][DURATION]".
            var field = match.Groups[4].Value;
            var split = field.IndexOf("][", StringComparison.Ordinal);
            fields[split < 0 ? field : string.Concat(field.AsSpan(0, split), "[", field.AsSpan(split + 2), "]")] = value;
        }

        var deals = new List<Deal>();
        var activities = new List<Activity>();
        var deleted = new List<string>();
        var moves = new List<AmoCrmStageMove>();
        foreach (var ((action, index), fields) in events)
        {
            var at = new Event(action, index, fields, now, accountZone);
            switch (action)
            {
                case "delete":
                    deleted.Add(AmoCrmMapper.DealId(at.Positive("id")));
                    break;
                case "note":
                    activities.Add(Note(at));
                    break;
                case "status" when !fields.ContainsKey("last_modified") && !fields.ContainsKey("updated_at") && !fields.ContainsKey("responsible_user_id"):
                    moves.Add(StageMove(at, statusNames, deliveryId));
                    break;
                case "responsible" or "restore" when !fields.ContainsKey("responsible_user_id") || !(fields.ContainsKey("last_modified") || fields.ContainsKey("updated_at")):
                    ignored[$"leads[{action}]"] = ignored.GetValueOrDefault($"leads[{action}]") + 1;
                    break;
                default:
                    var deal = Lead(at, statusNames);
                    deals.Add(deal);
                    // A status change may come as "status" or, with old_status_id, inside "update".
                    if (fields.TryGetValue("old_status_id", out var old) && old.Length > 0 && old != fields.GetValueOrDefault("status_id"))
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
        return new AmoCrmWebhookChanges(deals, activities, deleted, moves, ignored);
    }

    private static AmoCrmStageMove StageMove(Event at, IReadOnlyDictionary<long, string> statusNames, string deliveryId)
    {
        var leadId = at.Positive("id");
        var statusId = at.Positive("status_id");
        var toStage = Name(statusNames, statusId);
        return new AmoCrmStageMove(AmoCrmMapper.DealId(leadId), toStage, Status(statusId), new Activity
        {
            // No time in the delivery: the move is dated when it arrived, and its id comes from the delivery.
            Id = OutboundJsonHttp.Invariant($"amo-dp-{leadId}-{deliveryId[..Math.Min(16, deliveryId.Length)]}"),
            DealId = AmoCrmMapper.DealId(leadId),
            Kind = ActivityKind.StageChange,
            OccurredAt = at.Now,
            FromStage = at.Fields.TryGetValue("old_status_id", out var old) && old.Length > 0 ? Name(statusNames, at.Positive("old_status_id")) : null,
            ToStage = toStage,
        });
    }

    private static DealStatus Status(long statusId) => statusId switch
    {
        AmoCrmMapper.WonStatus => DealStatus.Won,
        AmoCrmMapper.LostStatus => DealStatus.Lost,
        _ => DealStatus.Open,
    };

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
            Status = Status(statusId),
            CreatedAt = created,
            UpdatedAt = modified < created ? created : modified,
        };
    }

    private static Activity Note(Event at)
    {
        var type = at.Fields.GetValueOrDefault("note[note_type]") ?? throw at.Error("note[note_type]", "is required");
        var isCall = type is "10" or "11" or "call_in" or "call_out";
        var text = at.Fields.GetValueOrDefault("note[text]");
        AmoCrmCallData? call = null;
        if (isCall)
        {
            var parameters = at.Fields.Where(f => f.Key.StartsWith("note[params][", StringComparison.Ordinal))
                .ToDictionary(f => f.Key["note[params][".Length..^1], f => f.Value, StringComparer.OrdinalIgnoreCase);
            try
            {
                call = AmoCrmCallData.Read(parameters, text);
            }
            catch (FormatException e)
            {
                throw at.Error(parameters.ContainsKey("DURATION") ? "note[params][DURATION]" : parameters.ContainsKey("duration") ? "note[params][duration]" : "note[text]", e.Message);
            }
        }
        return new Activity
        {
            Id = OutboundJsonHttp.Invariant($"amo-note-{at.Positive("note[id]")}"),
            DealId = AmoCrmMapper.DealId(at.Positive("note[element_id]")),
            Kind = isCall ? ActivityKind.Call : ActivityKind.Note,
            // created_at is Unix; date_create is "YYYY-MM-DD HH:MM:SS" in the account's time zone (older payloads: Unix).
            OccurredAt = at.Time("note[created_at]", "note[date_create]"),
            Direction = type is "10" or "call_in" ? Direction.Inbound : isCall ? Direction.Outbound : null,
            DurationSeconds = isCall ? call?.DurationSeconds ?? 0 : null,
            Text = isCall ? call?.Summary : text is { Length: > 0 } ? text[..Math.Min(text.Length, Import.ImportRecordReader.MaxTextLength)] : null,
        };
    }

    private static string Name(IReadOnlyDictionary<long, string> names, long statusId) =>
        names.GetValueOrDefault(statusId) ?? statusId.ToString(CultureInfo.InvariantCulture);

    private sealed record Event(string Action, int Index, Dictionary<string, string> Fields, DateTimeOffset Now, TimeZoneInfo AccountZone)
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

        /// <summary>The first of <paramref name="names"/> present, as Unix seconds or a local "YYYY-MM-DD HH:MM:SS" in the account's zone.</summary>
        public DateTimeOffset Time(params string[] names)
        {
            foreach (var name in names)
            {
                if (Fields.TryGetValue(name, out var raw) && DateTime.TryParseExact(raw, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                {
                    var at = new DateTimeOffset(local, AccountZone.GetUtcOffset(local));
                    return at <= Now.AddDays(1) && at.Year >= 2000 ? at.ToUniversalTime() : throw Error(name, "is not a plausible date");
                }
                if (Fields.ContainsKey(name))
                {
                    return Unix(name);
                }
            }
            throw Error(names[0], "is required");
        }

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

    [GeneratedRegex(@"^([a-z_]+)\[([a-z_]+)\]\[([0-9]{1,4})\]\[(.+)\]$")]
    private static partial Regex EventKey();
}
