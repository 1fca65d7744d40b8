// Owns streaming and validating generic-import records.
using System.Globalization;
using System.Text.Json;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.Import;

/// <summary>One validated record of the generic import: exactly one of the fields is set.</summary>
public sealed record ImportRecord(Manager? Manager = null, Deal? Deal = null, Activity? Activity = null, Chat? Chat = null, ChatMessage? Message = null);

/// <summary>
/// The generic import's normalized schema (README "Generic import"): a JSON array of objects, each
/// with a "type" of manager, deal, activity, chat or message and that type's fields in snake_case.
/// Every problem is an <see cref="InputValidationException"/> whose field is "[index].name".
/// </summary>
public sealed class ImportRecordReader(TimeProvider time)
{
    /// <summary>Table Storage keeps strings up to 64 KiB (32K UTF-16 characters); longer text is refused, not cut.</summary>
    public const int MaxTextLength = 32_000;
    public const int MaxDurationSeconds = 24 * 60 * 60;
    public const decimal MaxBudget = 1_000_000_000_000m;
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>One record given as a parsed element (the whole file goes through <see cref="ImportRecordStream"/>).</summary>
    public ImportRecord Read(JsonElement element, int index) => Read(RecordValues.From(element), index);

    /// <summary>One record from the values <see cref="ImportRecordStream"/> collected.</summary>
    public ImportRecord Read(RecordValues values, int index)
    {
        ArgumentNullException.ThrowIfNull(values);
        var record = new Fields(values, index, time.GetUtcNow().AddDays(1));
        return record.Required("type") switch
        {
            "manager" => new ImportRecord(Manager: new Manager
            {
                Id = record.Id("id"),
                Name = record.Text("name", 200, required: true)!,
                CrmUserId = record.Text("crm_user_id", 64),
                TelegramChatId = record.Long("telegram_chat_id"),
                TimeZone = record.TimeZone("time_zone"),
                Team = record.Text("team", 64) ?? "default",
                Language = record.Language("language"),
            }),
            "deal" => new ImportRecord(Deal: ReadDeal(record)),
            "activity" => new ImportRecord(Activity: ReadActivity(record)),
            "chat" => new ImportRecord(Chat: new Chat
            {
                Id = record.Id("id"),
                Channel = record.Enum<Channel>("channel", required: true)!.Value,
                ManagerId = record.OptionalId("manager_id"),
                ClientName = record.Text("client_name", 200),
                ClientPhone = record.Text("client_phone", 20),
                CreatedAt = record.Date("created_at", required: true)!.Value,
                UpdatedAt = record.Date("updated_at") ?? record.Date("created_at", required: true)!.Value,
                OrderId = record.OptionalId("order_id"),
            }),
            "message" => new ImportRecord(Message: new ChatMessage
            {
                Id = record.Id("id"),
                ChatId = record.Id("chat_id"),
                Direction = record.Enum<Direction>("direction", required: true)!.Value,
                SentAt = record.Date("sent_at", required: true)!.Value,
                Text = record.Text("text", MaxTextLength),
                ManagerId = record.OptionalId("manager_id"),
                Source = "import",
            }),
            var other => throw record.Error("type", $"'{other}' is not one of manager, deal, activity, chat, message."),
        };
    }

    private static Deal ReadDeal(Fields record)
    {
        var created = record.Date("created_at", required: true)!.Value;
        var deal = new Deal
        {
            Id = record.Id("id"),
            Name = record.Text("name", 500, required: true)!,
            ManagerId = record.Id("manager_id"),
            Budget = record.Money("budget"),
            Currency = record.Currency("currency"),
            Stage = record.Text("stage", 200, required: true)!,
            Status = record.Enum<DealStatus>("status") ?? DealStatus.Open,
            CreatedAt = created,
            UpdatedAt = record.Date("updated_at") ?? created,
            ClosedAt = record.Date("closed_at"),
            ClientName = record.Text("client_name", 200),
            Product = record.Text("product", 200),
        };
        return deal.UpdatedAt < deal.CreatedAt ? throw record.Error("updated_at", "'updated_at' is before 'created_at'.") : deal;
    }

    private static Activity ReadActivity(Fields record)
    {
        var kind = record.Enum<ActivityKind>("kind", required: true)!.Value;
        var duration = record.Int("duration_seconds");
        if (duration is < 0 or > MaxDurationSeconds)
        {
            throw record.Error("duration_seconds", $"'duration_seconds' must be from 0 to {MaxDurationSeconds}.");
        }
        return new Activity
        {
            Id = record.Id("id"),
            DealId = record.Id("deal_id"),
            Kind = kind,
            OccurredAt = record.Date("occurred_at", required: true)!.Value,
            Direction = record.Enum<Direction>("direction"),
            DurationSeconds = duration,
            Text = record.Text("text", MaxTextLength),
            DueAt = record.Date("due_at", allowFuture: true),
            CompletedAt = record.Date("completed_at"),
            FromStage = record.Text("from_stage", 200),
            ToStage = record.Text("to_stage", 200, required: kind == ActivityKind.StageChange),
        };
    }

    /// <summary>Typed access to one record's properties, with errors that name "[index].property".</summary>
    private sealed class Fields(RecordValues values, int index, DateTimeOffset latest)
    {
        private readonly RecordValues record = values.IsObject
            ? values
            : throw new InputValidationException($"[{index}]", $"Record {index} is not a JSON object.");

        public InputValidationException Error(string name, string message) => new($"[{index}].{name}", $"Record {index}: {message}");

        private RecordValue? Get(string name) => record.Get(name) is { Kind: not JsonValueKind.Null and not JsonValueKind.Undefined } value ? value : null;

        public string Required(string name) => Text(name, 1000, required: true)!;

        public string? Text(string name, int maxLength, bool required = false)
        {
            if (Get(name) is not { } value)
            {
                return required ? throw Error(name, $"'{name}' is required.") : null;
            }
            if (value.Kind != JsonValueKind.String)
            {
                throw Error(name, $"'{name}' must be a string.");
            }
            var text = value.Text!;
            if (required && string.IsNullOrWhiteSpace(text))
            {
                throw Error(name, $"'{name}' is empty.");
            }
            return text.Length > maxLength ? throw Error(name, $"'{name}' is longer than {maxLength} characters.") : text;
        }

        public string Id(string name)
        {
            var raw = Get(name) is { Kind: JsonValueKind.Number } number ? number.Text! : Text(name, 64, required: true)!;
            return Keys.IsValidId(raw) ? raw : throw Error(name, $"'{name}' must be 1–64 letters, digits, '-', '_' or '.'.");
        }

        public string? OptionalId(string name) => Get(name) is null ? null : Id(name);

        public long? Long(string name) => Get(name) switch
        {
            null => null,
            { Kind: JsonValueKind.Number } value when long.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
            _ => throw Error(name, $"'{name}' must be a whole number."),
        };

        public int? Int(string name) => Get(name) switch
        {
            null => null,
            { Kind: JsonValueKind.Number } value when int.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
            _ => throw Error(name, $"'{name}' must be a whole number."),
        };

        public decimal Money(string name)
        {
            var value = Get(name) switch
            {
                null => 0m,
                { Kind: JsonValueKind.Number } number when decimal.TryParse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                _ => throw Error(name, $"'{name}' must be a number."),
            };
            return value is < 0 or > MaxBudget ? throw Error(name, $"'{name}' must be from 0 to {MaxBudget.ToString("N0", CultureInfo.InvariantCulture)}.") : value;
        }

        public string Currency(string name)
        {
            var code = Text(name, 3) ?? "RUB";
            return code.Length == 3 && code.All(char.IsAsciiLetterUpper) ? code : throw Error(name, $"'{name}' must be an ISO 4217 code such as RUB.");
        }

        public string TimeZone(string name)
        {
            var zone = Text(name, 64, required: true)!;
            return TimeZones.IsKnown(zone) ? zone : throw Error(name, $"'{zone}' is not a known IANA time zone.");
        }

        public string? Language(string name)
        {
            var code = Text(name, 8);
            return code is null || Languages.IsSupported(code) ? code : throw Error(name, $"'{code}' is not one of {string.Join(", ", Languages.Supported)}.");
        }

        public DateTimeOffset? Date(string name, bool required = false, bool allowFuture = false)
        {
            if (Text(name, 40, required) is not { } raw)
            {
                return null;
            }
            if (Get(name)?.Instant is { } instant)
            {
                return Plausible(name, raw, instant.ToUniversalTime(), allowFuture);
            }
            if (!DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
            {
                throw Error(name, $"'{name}' must be an ISO 8601 date-time.");
            }
            return Plausible(name, raw, date, allowFuture);
        }

        private DateTimeOffset Plausible(string name, string raw, DateTimeOffset date, bool allowFuture)
        {
            // A date before 2000 or after tomorrow is a unit mistake or a typo, not history.
            if (date < Earliest || (!allowFuture && date > latest) || date > latest.AddYears(5))
            {
                throw Error(name, $"'{name}' = {raw} is outside the plausible range.");
            }
            return date;
        }

        public TEnum? Enum<TEnum>(string name, bool required = false) where TEnum : struct, System.Enum
        {
            if (Text(name, 40, required) is not { } raw)
            {
                return null;
            }
            return Json.TryParseName<TEnum>(raw, out var value) ? value : throw Error(name, $"'{raw}' is not one of {string.Join(", ", Json.Names<TEnum>())}.");
        }
    }
}
