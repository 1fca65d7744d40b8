// Owns reading the generic-import file: a JSON array of records, streamed with Utf8JsonReader, record by record.
using System.Buffers;
using System.Text;
using System.Text.Json;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.Import;

/// <summary>
/// One property's value as read: its JSON kind and, for strings and numbers, its text; for a date string
/// with an explicit offset ("…Z", "…+03:00") the instant, read by the JSON reader's ISO 8601 parser, and
/// no text (<see cref="Display"/> writes the instant back when a message needs it).
/// </summary>
public readonly record struct RecordValue(JsonValueKind Kind, string? Text, DateTimeOffset? Instant = null)
{
    /// <summary>The value for a message: its text, or the instant in ISO 8601 with its offset.</summary>
    public string? Display => Text ?? Instant?.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A property the import reads, with its slot in <see cref="RecordValues"/> (looked up once, not per record).</summary>
public readonly record struct RecordField(string Name, int Slot);

/// <summary>
/// The properties of one import record that the import reads (README "Generic import"); other properties
/// are skipped unread. Reused from record to record by <see cref="ImportRecordStream"/>: a value counts only
/// when it was set for the current record (a stamp per slot, so starting a record clears nothing).
/// </summary>
public sealed class RecordValues
{
    /// <summary>Every property name a record type of the import reads.</summary>
    private static readonly string[] Names =
    [
        "type", "id", "name", "crm_user_id", "telegram_chat_id", "time_zone", "team", "channel", "manager_id", "client_name",
        "client_phone", "created_at", "updated_at", "order_id", "chat_id", "direction", "sent_at", "text", "deal_id", "kind",
        "occurred_at", "duration_seconds", "due_at", "completed_at", "from_stage", "to_stage", "budget", "currency", "stage",
        "status", "closed_at", "language", "product",
    ];

    /// <summary>Each slot's name as UTF-8, to confirm a predicted slot without decoding the name.</summary>
    internal static readonly byte[][] Utf8Names = Names.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>Slots holding dates ("…_at").</summary>
    internal static readonly bool[] IsDate = Names.Select(n => n.EndsWith("_at", StringComparison.Ordinal)).ToArray();

    /// <summary>Slots of free text (a message's or an activity's text): rarely the same twice, never looked up among recent values.</summary>
    internal static readonly bool[] IsFreeText = Names.Select(n => n == "text").ToArray();

    internal static int Count => Names.Length;

    private static readonly Dictionary<string, int> Slots = Names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> SlotsBySpan = Slots.GetAlternateLookup<ReadOnlySpan<char>>();
    private readonly RecordValue[] values = new RecordValue[Names.Length];
    private readonly int[] stamps = new int[Names.Length];
    private int stamp = 1;

    /// <summary>False when the record is not a JSON object (a number, a string, an array…).</summary>
    public bool IsObject { get; private set; }

    /// <summary>The field of a property name the import reads; an unknown name is a programming error.</summary>
    public static RecordField Field(string name) =>
        Slots.TryGetValue(name, out var slot) ? new RecordField(name, slot) : throw new ArgumentException($"The import reads no property '{name}'.", nameof(name));

    public RecordValue Get(RecordField field) => Get(field.Slot);

    private RecordValue Get(int slot) => stamps[slot] == stamp ? values[slot] : default;

    internal void Reset(bool isObject)
    {
        if (++stamp == int.MaxValue)
        {
            Array.Clear(stamps);
            stamp = 1;
        }
        IsObject = isObject;
    }

    /// <summary>The slot of a property name as it appears in the file (escaped names are decoded), -1 when the import never reads it.</summary>
    internal static int Slot(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.ValueSpan.Length > 32)
        {
            return reader.ValueIsEscaped && Slots.TryGetValue(reader.GetString()!, out var escaped) ? escaped : -1;
        }
        Span<char> name = stackalloc char[32];
        var length = Encoding.UTF8.GetChars(reader.ValueSpan, name);
        return SlotsBySpan.TryGetValue(name[..length], out var slot) ? slot : -1;
    }

    internal void Set(int slot, RecordValue value)
    {
        values[slot] = value;
        stamps[slot] = stamp;
    }

    /// <summary>The same values from a parsed element (the last of duplicate names wins, as in the stream).</summary>
    public static RecordValues From(JsonElement element)
    {
        var record = new RecordValues();
        record.Reset(element.ValueKind == JsonValueKind.Object);
        if (record.IsObject)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (Slots.TryGetValue(property.Name, out var slot))
                {
                    var value = property.Value;
                    record.Set(slot, new RecordValue(value.ValueKind, value.ValueKind switch
                    {
                        JsonValueKind.String => value.GetString(),
                        JsonValueKind.Number => value.GetRawText(),
                        _ => null,
                    }));
                }
            }
        }
        return record;
    }
}

/// <summary>
/// The strings of short values that repeat from record to record (a type, a direction, the chat and manager
/// of consecutive messages): a few recent values per slot, each kept with its UTF-8 bytes; a value whose bytes
/// equal a kept one's is that string again, neither decoded nor allocated. Only unescaped values up to
/// <see cref="MaxBytes"/> bytes are kept; the bytes compared were validated as UTF-8 when first decoded.
/// </summary>
internal sealed class RecentStrings(int slots)
{
    private const int MaxBytes = 40;
    private const int PerSlot = 4;
    private readonly byte[][] bytes = Enumerable.Range(0, slots * PerSlot).Select(_ => new byte[MaxBytes]).ToArray();
    private readonly int[] lengths = new int[slots * PerSlot];
    private readonly string?[] strings = new string?[slots * PerSlot];
    private readonly int[] next = new int[slots];

    /// <summary>The kept string whose bytes are <paramref name="raw"/> (an unescaped value), or null.</summary>
    public string? Find(int slot, ReadOnlySpan<byte> raw)
    {
        if (raw.Length > MaxBytes)
        {
            return null;
        }
        var first = slot * PerSlot;
        for (var i = first; i < first + PerSlot; i++)
        {
            if (strings[i] is { } kept && lengths[i] == raw.Length && raw.SequenceEqual(bytes[i].AsSpan(0, raw.Length)))
            {
                return kept;
            }
        }
        return null;
    }

    /// <summary>Keeps <paramref name="text"/>, decoded from the unescaped <paramref name="raw"/>, in place of the slot's oldest.</summary>
    public void Keep(int slot, ReadOnlySpan<byte> raw, string text)
    {
        if (raw.Length > MaxBytes)
        {
            return;
        }
        var at = slot * PerSlot + next[slot];
        next[slot] = (next[slot] + 1) % PerSlot;
        raw.CopyTo(bytes[at]);
        lengths[at] = raw.Length;
        strings[at] = text;
    }
}

/// <summary>
/// Streams the generic-import body (a JSON array of records) with <see cref="Utf8JsonReader"/> over a
/// growing buffer: one record at a time is decoded into reused <see cref="RecordValues"/> and validated
/// by <see cref="ImportRecordReader"/>; only the strings a record needs are materialised. Memory stays
/// flat (a buffer of the largest record). Each record comes with its raw JSON bytes, valid until the next
/// one is asked for (the import hashes them to recognise chunks written before).
/// </summary>
public static class ImportRecordStream
{
    private const string What = "the body (a JSON array of records)";

    public delegate void RecordHandler(ImportRecord record, ReadOnlySpan<byte> json);

    /// <summary>
    /// Reads every record of <paramref name="body"/> in order, calling <paramref name="handle"/> with each, and
    /// <paramref name="afterBuffer"/> (for async work, such as writing full chunks) after each buffer's records; returns the count.
    /// </summary>
    public static async Task<int> ReadAsync(Stream body, ImportRecordReader reader, RecordHandler handle, Func<CancellationToken, ValueTask>? afterBuffer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(handle);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        var parser = new Parser(reader, handle);
        try
        {
            int filled = 0;
            var final = false;
            while (true)
            {
                while (!final && filled < buffer.Length)
                {
                    var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                    final = read == 0;
                    filled += read;
                }
                var consumed = parser.Parse(buffer.AsSpan(0, filled), final);
                if (afterBuffer is not null)
                {
                    await afterBuffer(cancellationToken).ConfigureAwait(false);
                }
                if (final)
                {
                    return parser.Count;
                }
                if (consumed == 0 && filled == buffer.Length)
                {
                    // One record longer than the buffer: make room for it.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    continue;
                }
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private sealed class Parser(ImportRecordReader reader, RecordHandler handle)
    {
        private readonly RecordValues values = new();
        private readonly RecentStrings recent = new(RecordValues.Count);
        // Records of one file list their properties in the same order: the slot at each position last time is checked first.
        private readonly int[] lastSlots = Enumerable.Repeat(-1, 64).ToArray();
        private JsonReaderState state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        private bool inArray;
        private bool done;

        public int Count { get; private set; }

        /// <summary>Reads the complete records in <paramref name="data"/>; returns the bytes consumed (up to the end of the last one).</summary>
        public int Parse(ReadOnlySpan<byte> data, bool final)
        {
            var json = new Utf8JsonReader(data, final, state);
            var consumed = 0;
            try
            {
                while (true)
                {
                    if (done)
                    {
                        // Only white space may follow the array; the reader refuses anything else.
                        if (json.Read())
                        {
                            throw new InputValidationException("$", $"{Capital(What)} has content after its closing bracket.");
                        }
                        return (int)json.BytesConsumed;
                    }
                    if (!json.Read())
                    {
                        return final ? throw Truncated() : consumed;
                    }
                    if (!inArray)
                    {
                        if (json.TokenType != JsonTokenType.StartArray)
                        {
                            throw new InputValidationException("$", $"{Capital(What)} is not a JSON array.");
                        }
                        inArray = true;
                        Commit(ref json, ref consumed);
                        continue;
                    }
                    if (json.TokenType == JsonTokenType.EndArray)
                    {
                        done = true;
                        Commit(ref json, ref consumed);
                        continue;
                    }
                    var start = (int)json.TokenStartIndex;
                    if (!ReadRecord(ref json))
                    {
                        return final ? throw Truncated() : consumed;
                    }
                    var record = reader.Read(values, Count);
                    handle(record, data[start..(int)json.BytesConsumed]);
                    Count++;
                    Commit(ref json, ref consumed);
                }
            }
            catch (JsonException e)
            {
                var path = done ? "$" : $"$[{Count}]";
                throw new InputValidationException(path,
                    $"{Capital(What)} is not valid JSON at '{path}' (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}).");
            }
        }

        private void Commit(ref Utf8JsonReader json, ref int consumed)
        {
            state = json.CurrentState;
            consumed = (int)json.BytesConsumed;
        }

        /// <summary>Decodes one record whose first token was just read; false when the data ends inside it.</summary>
        private bool ReadRecord(ref Utf8JsonReader json)
        {
            if (json.TokenType != JsonTokenType.StartObject)
            {
                values.Reset(isObject: false);
                return json.TokenType is not (JsonTokenType.StartArray) || json.TrySkip();
            }
            values.Reset(isObject: true);
            for (var position = 0; ; position++)
            {
                if (!json.Read())
                {
                    return false;
                }
                if (json.TokenType == JsonTokenType.EndObject)
                {
                    return true;
                }
                var slot = Slot(ref json, position);
                if (!json.Read())
                {
                    return false;
                }
                switch (json.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var kind = json.TokenType == JsonTokenType.StartObject ? JsonValueKind.Object : JsonValueKind.Array;
                        if (!json.TrySkip())
                        {
                            return false;
                        }
                        Set(slot, kind, null);
                        break;
                    case JsonTokenType.String when slot >= 0 && RecordValues.IsDate[slot] && json.ValueSpan.Length <= MaxDateLength && HasOffset(json.ValueSpan) && json.TryGetDateTimeOffset(out var instant):
                        // The instant is what the import needs; its text is written back only for a message.
                        values.Set(slot, new RecordValue(JsonValueKind.String, null, instant));
                        break;
                    case JsonTokenType.String when slot >= 0 && !RecordValues.IsDate[slot] && !RecordValues.IsFreeText[slot]:
                        values.Set(slot, new RecordValue(JsonValueKind.String, Repeated(ref json, slot)));
                        break;
                    case JsonTokenType.String:
                        Set(slot, JsonValueKind.String, slot < 0 ? null : Text(ref json));
                        break;
                    case JsonTokenType.Number:
                        Set(slot, JsonValueKind.Number, slot < 0 ? null : Encoding.UTF8.GetString(json.ValueSpan));
                        break;
                    case JsonTokenType.True:
                        Set(slot, JsonValueKind.True, null);
                        break;
                    case JsonTokenType.False:
                        Set(slot, JsonValueKind.False, null);
                        break;
                    default:
                        Set(slot, JsonValueKind.Null, null);
                        break;
                }
            }
        }

        private int Slot(ref Utf8JsonReader json, int position)
        {
            if (position < lastSlots.Length && lastSlots[position] is var predicted and >= 0 && json.ValueTextEquals(RecordValues.Utf8Names[predicted]))
            {
                return predicted;
            }
            var slot = RecordValues.Slot(ref json);
            if (position < lastSlots.Length)
            {
                lastSlots[position] = slot;
            }
            return slot;
        }

        /// <summary>The longest date the import accepts (<see cref="ImportRecordReader"/> refuses longer ones with their text).</summary>
        private const int MaxDateLength = 40;

        /// <summary>Ends in "Z" or "±hh:mm": an instant, not a local time the reader would place in this machine's zone.</summary>
        private static bool HasOffset(ReadOnlySpan<byte> raw) =>
            raw.Length > 6 && (raw[^1] is (byte)'Z' or (byte)'z' || (raw[^6] is (byte)'+' or (byte)'-' && raw[^3] == (byte)':'));

        /// <summary>The text of a short value, the same string as last time when it repeats (<see cref="RecentStrings"/>).</summary>
        private string Repeated(ref Utf8JsonReader json, int slot)
        {
            if (json.ValueIsEscaped || json.HasValueSequence)
            {
                return Text(ref json);
            }
            if (recent.Find(slot, json.ValueSpan) is { } kept)
            {
                return kept;
            }
            var text = Text(ref json);
            recent.Keep(slot, json.ValueSpan, text);
            return text;
        }

        private string Text(ref Utf8JsonReader json)
        {
            try
            {
                return json.GetString()!;
            }
            catch (InvalidOperationException)
            {
                throw new InputValidationException($"[{Count}]", $"Record {Count} holds text that is not valid UTF-8.");
            }
        }

        private void Set(int slot, JsonValueKind kind, string? text)
        {
            if (slot >= 0)
            {
                values.Set(slot, new RecordValue(kind, text));
            }
        }

        private InputValidationException Truncated() =>
            new($"$[{Count}]", $"{Capital(What)} ends inside record {Count} ('$[{Count}]'): the JSON is cut off.");

        private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];
    }
}
