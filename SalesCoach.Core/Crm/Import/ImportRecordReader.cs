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
        return record.Required(F.Type) switch
        {
            "manager" => new ImportRecord(Manager: new Manager
            {
                Id = record.Id(F.Id),
                Name = record.Text(F.Name, 200, required: true)!,
                CrmUserId = record.Text(F.CrmUserId, 64),
                TelegramChatId = record.Long(F.TelegramChatId),
                TimeZone = record.TimeZone(F.TimeZone),
                Team = record.Text(F.Team, 64) ?? "default",
                Language = record.Language(F.Language),
            }),
            "deal" => new ImportRecord(Deal: ReadDeal(record)),
            "activity" => new ImportRecord(Activity: ReadActivity(record)),
            "chat" => new ImportRecord(Chat: new Chat
            {
                Id = record.Id(F.Id),
                Channel = record.Enum<Channel>(F.Channel, required: true)!.Value,
                ManagerId = record.OptionalId(F.ManagerId),
                ClientName = record.Text(F.ClientName, 200),
                ClientPhone = record.Text(F.ClientPhone, 20),
                CreatedAt = record.Date(F.CreatedAt, required: true)!.Value,
                UpdatedAt = record.Date(F.UpdatedAt) ?? record.Date(F.CreatedAt, required: true)!.Value,
                OrderId = record.OptionalId(F.OrderId),
            }),
            "message" => new ImportRecord(Message: new ChatMessage
            {
                Id = record.Id(F.Id),
                ChatId = record.Id(F.ChatId),
                Direction = record.Enum<Direction>(F.Direction, required: true)!.Value,
                SentAt = record.Date(F.SentAt, required: true)!.Value,
                Text = record.Text(F.Text, MaxTextLength),
                ManagerId = record.OptionalId(F.ManagerId),
                Source = "import",
            }),
            var other => throw record.Error(F.Type, $"'{other}' is not one of manager, deal, activity, chat, message."),
        };
    }

    private static Deal ReadDeal(Fields record)
    {
        var created = record.Date(F.CreatedAt, required: true)!.Value;
        var deal = new Deal
        {
            Id = record.Id(F.Id),
            Name = record.Text(F.Name, 500, required: true)!,
            ManagerId = record.Id(F.ManagerId),
            Budget = record.Money(F.Budget),
            Currency = record.Currency(F.Currency),
            Stage = record.Text(F.Stage, 200, required: true)!,
            Status = record.Enum<DealStatus>(F.Status) ?? DealStatus.Open,
            CreatedAt = created,
            UpdatedAt = record.Date(F.UpdatedAt) ?? created,
            ClosedAt = record.Date(F.ClosedAt),
            ClientName = record.Text(F.ClientName, 200),
            Product = record.Text(F.Product, 200),
        };
        return deal.UpdatedAt < deal.CreatedAt ? throw record.Error(F.UpdatedAt, "'updated_at' is before 'created_at'.") : deal;
    }

    private static Activity ReadActivity(Fields record)
    {
        var kind = record.Enum<ActivityKind>(F.Kind, required: true)!.Value;
        var duration = record.Int(F.DurationSeconds);
        if (duration is < 0 or > MaxDurationSeconds)
        {
            throw record.Error(F.DurationSeconds, $"'duration_seconds' must be from 0 to {MaxDurationSeconds}.");
        }
        return new Activity
        {
            Id = record.Id(F.Id),
            DealId = record.Id(F.DealId),
            Kind = kind,
            OccurredAt = record.Date(F.OccurredAt, required: true)!.Value,
            Direction = record.Enum<Direction>(F.Direction),
            DurationSeconds = duration,
            Text = record.Text(F.Text, MaxTextLength),
            DueAt = record.Date(F.DueAt, allowFuture: true),
            CompletedAt = record.Date(F.CompletedAt),
            FromStage = record.Text(F.FromStage, 200),
            ToStage = record.Text(F.ToStage, 200, required: kind == ActivityKind.StageChange),
        };
    }

    /// <summary>The properties read, each looked up once.</summary>
    private static class F
    {
        public static readonly RecordField Budget = RecordValues.Field("budget");
        public static readonly RecordField Channel = RecordValues.Field("channel");
        public static readonly RecordField ChatId = RecordValues.Field("chat_id");
        public static readonly RecordField ClientName = RecordValues.Field("client_name");
        public static readonly RecordField ClientPhone = RecordValues.Field("client_phone");
        public static readonly RecordField ClosedAt = RecordValues.Field("closed_at");
        public static readonly RecordField CompletedAt = RecordValues.Field("completed_at");
        public static readonly RecordField CreatedAt = RecordValues.Field("created_at");
        public static readonly RecordField CrmUserId = RecordValues.Field("crm_user_id");
        public static readonly RecordField Currency = RecordValues.Field("currency");
        public static readonly RecordField DealId = RecordValues.Field("deal_id");
        public static readonly RecordField Direction = RecordValues.Field("direction");
        public static readonly RecordField DueAt = RecordValues.Field("due_at");
        public static readonly RecordField DurationSeconds = RecordValues.Field("duration_seconds");
        public static readonly RecordField FromStage = RecordValues.Field("from_stage");
        public static readonly RecordField Id = RecordValues.Field("id");
        public static readonly RecordField Kind = RecordValues.Field("kind");
        public static readonly RecordField Language = RecordValues.Field("language");
        public static readonly RecordField ManagerId = RecordValues.Field("manager_id");
        public static readonly RecordField Name = RecordValues.Field("name");
        public static readonly RecordField OccurredAt = RecordValues.Field("occurred_at");
        public static readonly RecordField OrderId = RecordValues.Field("order_id");
        public static readonly RecordField Product = RecordValues.Field("product");
        public static readonly RecordField SentAt = RecordValues.Field("sent_at");
        public static readonly RecordField Stage = RecordValues.Field("stage");
        public static readonly RecordField Status = RecordValues.Field("status");
        public static readonly RecordField Team = RecordValues.Field("team");
        public static readonly RecordField TelegramChatId = RecordValues.Field("telegram_chat_id");
        public static readonly RecordField Text = RecordValues.Field("text");
        public static readonly RecordField TimeZone = RecordValues.Field("time_zone");
        public static readonly RecordField ToStage = RecordValues.Field("to_stage");
        public static readonly RecordField Type = RecordValues.Field("type");
        public static readonly RecordField UpdatedAt = RecordValues.Field("updated_at");
    }

    /// <summary>Typed access to one record's properties, with errors that name "[index].property".</summary>
    private readonly struct Fields(RecordValues values, int index, DateTimeOffset latest)
    {
        private readonly RecordValues record = values.IsObject
            ? values
            : throw new InputValidationException($"[{index}]", $"Record {index} is not a JSON object.");

        public InputValidationException Error(RecordField field, string message) => new($"[{index}].{field.Name}", $"Record {index}: {message}");

        private RecordValue? Get(RecordField field) => record.Get(field) is { Kind: not JsonValueKind.Null and not JsonValueKind.Undefined } value ? value : null;

        public string Required(RecordField field) => Text(field, 1000, required: true)!;

        public string? Text(RecordField field, int maxLength, bool required = false)
        {
            if (Get(field) is not { } value)
            {
                return required ? throw Error(field, $"'{field.Name}' is required.") : null;
            }
            if (value.Kind != JsonValueKind.String)
            {
                throw Error(field, $"'{field.Name}' must be a string.");
            }
            var text = value.Text!;
            if (required && string.IsNullOrWhiteSpace(text))
            {
                throw Error(field, $"'{field.Name}' is empty.");
            }
            return text.Length > maxLength ? throw Error(field, $"'{field.Name}' is longer than {maxLength} characters.") : text;
        }

        public string Id(RecordField field)
        {
            var raw = Get(field) is { Kind: JsonValueKind.Number } number ? number.Text! : Text(field, 64, required: true)!;
            return Keys.IsValidId(raw) ? raw : throw Error(field, $"'{field.Name}' must be 1–64 letters, digits, '-', '_' or '.'.");
        }

        public string? OptionalId(RecordField field) => Get(field) is null ? null : Id(field);

        public long? Long(RecordField field) => Get(field) switch
        {
            null => null,
            { Kind: JsonValueKind.Number } value when long.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
            _ => throw Error(field, $"'{field.Name}' must be a whole number."),
        };

        public int? Int(RecordField field) => Get(field) switch
        {
            null => null,
            { Kind: JsonValueKind.Number } value when int.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
            _ => throw Error(field, $"'{field.Name}' must be a whole number."),
        };

        public decimal Money(RecordField field)
        {
            var value = Get(field) switch
            {
                null => 0m,
                { Kind: JsonValueKind.Number } number when decimal.TryParse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                _ => throw Error(field, $"'{field.Name}' must be a number."),
            };
            return value is < 0 or > MaxBudget ? throw Error(field, $"'{field.Name}' must be from 0 to {MaxBudget.ToString("N0", CultureInfo.InvariantCulture)}.") : value;
        }

        public string Currency(RecordField field)
        {
            var code = Text(field, 3) ?? "RUB";
            return code.Length == 3 && code.All(char.IsAsciiLetterUpper) ? code : throw Error(field, $"'{field.Name}' must be an ISO 4217 code such as RUB.");
        }

        public string TimeZone(RecordField field)
        {
            var zone = Text(field, 64, required: true)!;
            return TimeZones.IsKnown(zone) ? zone : throw Error(field, $"'{zone}' is not a known IANA time zone.");
        }

        public string? Language(RecordField field)
        {
            var code = Text(field, 8);
            return code is null || Languages.IsSupported(code) ? code : throw Error(field, $"'{code}' is not one of {string.Join(", ", Languages.Supported)}.");
        }

        public DateTimeOffset? Date(RecordField field, bool required = false, bool allowFuture = false)
        {
            if (Get(field) is { Kind: JsonValueKind.String, Instant: { } instant } read)
            {
                return Plausible(field, read, instant.ToUniversalTime(), allowFuture);
            }
            if (Text(field, 40, required) is not { } raw)
            {
                return null;
            }
            if (!DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
            {
                throw Error(field, $"'{field.Name}' must be an ISO 8601 date-time.");
            }
            return Plausible(field, new RecordValue(JsonValueKind.String, raw), date, allowFuture);
        }

        private DateTimeOffset Plausible(RecordField field, RecordValue read, DateTimeOffset date, bool allowFuture)
        {
            // A date before 2000 or after tomorrow is a unit mistake or a typo, not history.
            if (date < Earliest || (!allowFuture && date > latest) || date > latest.AddYears(5))
            {
                throw Error(field, $"'{field.Name}' = {read.Display} is outside the plausible range.");
            }
            return date;
        }

        public TEnum? Enum<TEnum>(RecordField field, bool required = false) where TEnum : struct, System.Enum
        {
            if (Text(field, 40, required) is not { } raw)
            {
                return null;
            }
            return Json.TryParseName<TEnum>(raw, out var value) ? value : throw Error(field, $"'{raw}' is not one of {string.Join(", ", Json.Names<TEnum>())}.");
        }
    }
}
