// Owns amoCRM v4 JSON to the normalized model, item by item.
using System.Globalization;
using System.Text.Json;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.AmoCrm;

/// <summary>
/// amoCRM v4 JSON → the normalized model. Ids are prefixed ("amo-123") so several CRMs can share a
/// store. Every item is validated; one that fails is rejected (counted), never half-mapped.
/// </summary>
public sealed class AmoCrmMapper(AmoCrmOptions options, TimeProvider time)
{
    /// <summary>amoCRM's fixed "closed – won" and "closed – lost" statuses.</summary>
    public const long WonStatus = 142;
    public const long LostStatus = 143;

    public static string ManagerId(long userId) => OutboundJsonHttp.Invariant($"amo-{userId}");

    public static string DealId(long leadId) => OutboundJsonHttp.Invariant($"amo-{leadId}");

    public Manager User(JsonElement user) => new()
    {
        Id = ManagerId(Positive(user, "id")),
        Name = Text(user, "name") ?? throw Invalid("user", "name"),
        CrmUserId = Positive(user, "id").ToString(CultureInfo.InvariantCulture),
        TimeZone = options.DefaultTimeZone,
        Team = "amocrm",
    };

    /// <summary>Status id → stage name, over all pipelines (statuses 142/143 exist in every pipeline).</summary>
    public static Dictionary<long, string> Statuses(IEnumerable<JsonElement> pipelines)
    {
        var names = new Dictionary<long, string>();
        foreach (var pipeline in pipelines)
        {
            if (pipeline.TryGetProperty("_embedded", out var embedded) && embedded.TryGetProperty("statuses", out var statuses) && statuses.ValueKind == JsonValueKind.Array)
            {
                foreach (var status in statuses.EnumerateArray())
                {
                    if (status.TryGetProperty("id", out var id) && id.TryGetInt64(out var statusId) && Text(status, "name") is { } name)
                    {
                        names[statusId] = name;
                    }
                }
            }
        }
        return names;
    }

    /// <summary>Pipeline id → name; a deal's pipeline is what the win model knows as its product line.</summary>
    public static Dictionary<long, string> PipelineNames(IEnumerable<JsonElement> pipelines)
    {
        var names = new Dictionary<long, string>();
        foreach (var pipeline in pipelines)
        {
            if (pipeline.TryGetProperty("id", out var id) && id.TryGetInt64(out var pipelineId) && Text(pipeline, "name") is { } name)
            {
                names[pipelineId] = name.Length > 200 ? name[..200] : name;
            }
        }
        return names;
    }

    public Deal Lead(JsonElement lead, IReadOnlyDictionary<long, string> statuses, IReadOnlyDictionary<long, string>? pipelines = null)
    {
        var statusId = Positive(lead, "status_id");
        var created = Unix(lead, "created_at");
        var updated = Unix(lead, "updated_at");
        var price = lead.TryGetProperty("price", out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetDecimal(out var value) ? value : 0m;
        if (price is < 0 or > 1_000_000_000_000m)
        {
            throw Invalid("lead", "price");
        }
        return new Deal
        {
            Id = DealId(Positive(lead, "id")),
            Name = Text(lead, "name") ?? $"Сделка #{Positive(lead, "id")}",
            ManagerId = ManagerId(Positive(lead, "responsible_user_id")),
            Budget = price,
            Currency = "RUB",
            Stage = statuses.GetValueOrDefault(statusId) ?? statusId.ToString(CultureInfo.InvariantCulture),
            Status = statusId switch { WonStatus => DealStatus.Won, LostStatus => DealStatus.Lost, _ => DealStatus.Open },
            CreatedAt = created,
            UpdatedAt = updated < created ? created : updated,
            ClosedAt = lead.TryGetProperty("closed_at", out var closed) && closed.ValueKind == JsonValueKind.Number ? Unix(lead, "closed_at") : null,
            Product = pipelines is not null && lead.TryGetProperty("pipeline_id", out var pipeline) && pipeline.ValueKind == JsonValueKind.Number && pipeline.TryGetInt64(out var pipelineId)
                ? pipelines.GetValueOrDefault(pipelineId)
                : null,
        };
    }

    /// <summary>Notes of leads: call_in / call_out become calls (params.duration), others notes.</summary>
    public Activity Note(JsonElement note)
    {
        var type = Text(note, "note_type") ?? throw Invalid("note", "note_type");
        var parameters = note.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var isCall = type is "call_in" or "call_out";
        var text = parameters.ValueKind == JsonValueKind.Object ? Text(parameters, "text") : null;
        AmoCrmCallData? call = null;
        if (isCall)
        {
            // Call data comes in params (duration, phone, link…) or, from some telephony integrations, as JSON in the text.
            var values = parameters.ValueKind == JsonValueKind.Object
                ? parameters.EnumerateObject().Where(v => v.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                    .ToDictionary(v => v.Name, v => v.Value.ValueKind == JsonValueKind.String ? v.Value.GetString()! : v.Value.GetRawText(), StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            try
            {
                call = AmoCrmCallData.Read(values, text);
            }
            catch (FormatException)
            {
                throw Invalid("note", "params.duration");
            }
        }
        return new Activity
        {
            Id = OutboundJsonHttp.Invariant($"amo-note-{Positive(note, "id")}"),
            DealId = DealId(Positive(note, "entity_id")),
            Kind = isCall ? ActivityKind.Call : ActivityKind.Note,
            OccurredAt = Unix(note, "created_at"),
            Direction = type == "call_in" ? Direction.Inbound : isCall ? Direction.Outbound : null,
            DurationSeconds = isCall ? call?.DurationSeconds ?? 0 : null,
            Text = isCall ? call?.Summary : text,
        };
    }

    public Activity Task(JsonElement task)
    {
        var completed = task.TryGetProperty("is_completed", out var c) && c.ValueKind == JsonValueKind.True;
        return new Activity
        {
            Id = OutboundJsonHttp.Invariant($"amo-task-{Positive(task, "id")}"),
            DealId = DealId(Positive(task, "entity_id")),
            Kind = ActivityKind.Task,
            OccurredAt = Unix(task, "created_at"),
            Text = Text(task, "text"),
            DueAt = Unix(task, "complete_till", allowFuture: true),
            // amoCRM has no completion time; the last update of a completed task is the best record of it.
            CompletedAt = completed ? Unix(task, "updated_at") : null,
        };
    }

    /// <summary>lead_status_changed: value_before / value_after hold [{ "lead_status": { "id", "pipeline_id" } }].</summary>
    public Activity StatusChange(JsonElement change, IReadOnlyDictionary<long, string> statuses)
    {
        string? Stage(string name) =>
            change.TryGetProperty(name, out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0
            && values[0].TryGetProperty("lead_status", out var status) && status.TryGetProperty("id", out var id) && id.TryGetInt64(out var statusId)
                ? statuses.GetValueOrDefault(statusId) ?? statusId.ToString(CultureInfo.InvariantCulture)
                : null;
        return new Activity
        {
            Id = "amo-event-" + (Text(change, "id") ?? throw Invalid("event", "id")),
            DealId = DealId(Positive(change, "entity_id")),
            Kind = ActivityKind.StageChange,
            OccurredAt = Unix(change, "created_at"),
            FromStage = Stage("value_before"),
            ToStage = Stage("value_after") ?? throw Invalid("event", "value_after"),
        };
    }

    private DateTimeOffset Unix(JsonElement item, string name, bool allowFuture = false)
    {
        if (!item.TryGetProperty(name, out var value) || !value.TryGetInt64(out var seconds) || seconds < 946684800)
        {
            throw Invalid("item", name);
        }
        var at = DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, 32503680000));
        return !allowFuture && at > time.GetUtcNow().AddDays(1) ? throw Invalid("item", name) : at;
    }

    private static long Positive(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n > 0 ? n : throw Invalid("item", name);

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text.Length > Import.ImportRecordReader.MaxTextLength ? text[..Import.ImportRecordReader.MaxTextLength] : text
            : null;

    private static OutboundResponseException Invalid(string what, string field) => new("amocrm", $"{what} has an invalid or missing '{field}'.");
}
