using System.Text;
using SalesCoach.Core.Crm.Import;
using SalesCoach.Core.Platform;

namespace SalesCoach.Tests.Crm;

/// <summary>The import's streaming reader: records across buffer boundaries, skipped properties, and every kind of broken body.</summary>
public sealed class ImportRecordStreamTests
{
    private static readonly ImportRecordReader Reader = new(TimeProvider.System);

    private static async Task<(List<ImportRecord> Records, List<string> Json)> ReadAsync(string body)
    {
        var records = new List<ImportRecord>();
        var json = new List<string>();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body));
        await ImportRecordStream.ReadAsync(stream, Reader, (record, raw) =>
        {
            records.Add(record);
            json.Add(Encoding.UTF8.GetString(raw));
        }, null, default);
        return (records, json);
    }

    private static string Message(int i, string extra = "") =>
        $"{{\"type\":\"message\",\"id\":\"m{i}\",\"chat_id\":\"c1\",\"direction\":\"inbound\",\"sent_at\":\"2026-11-20T09:{i % 60:00}:00+03:00\",\"text\":\"Сколько стоит?\",\"extra\":\"{extra}\"}}";

    [Fact]
    public async Task Values_that_repeat_are_read_as_the_same_string_and_values_that_differ_by_a_byte_are_not()
    {
        // More distinct values per property than are kept (4), values that are prefixes of others, an escaped
        // spelling of a value seen before, and each again later.
        string[] chats = ["c1", "c10", "c1", "c2", "c3", "c4", "c5", "c1", "c\\u0031", "c10"];
        var messages = chats.Select((chat, i) =>
            $"{{\"type\":\"message\",\"id\":\"m{i}\",\"chat_id\":\"{chat}\",\"direction\":\"{(i % 3 == 0 ? "inbound" : "outbound")}\",\"sent_at\":\"2026-11-20T09:00:00Z\",\"manager_id\":\"{(i % 2 == 0 ? "ivan" : "iva")}\"}}");
        // Multi-byte letters that differ in one byte (Ё and Е), and a prefix.
        string[] clients = ["Ёлка", "Елка", "Ёлка", "Ёлк", "Ёлка"];
        var chatRecords = clients.Select((client, i) =>
            $"{{\"type\":\"chat\",\"id\":\"k{i}\",\"channel\":\"whatsapp\",\"client_name\":\"{client}\",\"created_at\":\"2026-11-20T09:00:00Z\"}}");
        var (records, _) = await ReadAsync("[" + string.Join(",", messages.Concat(chatRecords)) + "]");

        var read = records.Where(r => r.Message is not null).Select(r => r.Message!).ToList();
        Assert.Equal(["c1", "c10", "c1", "c2", "c3", "c4", "c5", "c1", "c1", "c10"], read.Select(m => m.ChatId));
        Assert.Equal(chats.Select((_, i) => i % 2 == 0 ? "ivan" : "iva"), read.Select(m => m.ManagerId));
        Assert.Equal(chats.Select((_, i) => i % 3 == 0 ? Core.Deals.Direction.Inbound : Core.Deals.Direction.Outbound), read.Select(m => m.Direction));
        Assert.Equal(clients, records.Where(r => r.Chat is not null).Select(r => r.Chat!.ClientName));
    }

    [Fact]
    public async Task A_date_read_straight_to_its_instant_is_still_quoted_when_it_is_out_of_range()
    {
        var error = await Assert.ThrowsAsync<InputValidationException>(() => ReadAsync(
            "[{\"type\":\"message\",\"id\":\"m1\",\"chat_id\":\"c1\",\"direction\":\"inbound\",\"sent_at\":\"1999-12-31T23:00:00+03:00\"}]"));
        Assert.Equal("[0].sent_at", error.Field);
        Assert.Contains("'sent_at' = 1999-12-31T23:00:00+03:00 is outside the plausible range", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m1\\n")]
    [InlineData("-m1")]
    [InlineData("m/1")]
    [InlineData("")]
    public async Task An_id_outside_the_key_alphabet_is_refused(string id)
    {
        var error = await Assert.ThrowsAsync<InputValidationException>(() => ReadAsync(
            $"[{{\"type\":\"message\",\"id\":\"{id}\",\"chat_id\":\"c1\",\"direction\":\"inbound\",\"sent_at\":\"2026-11-20T09:00:00Z\"}}]"));
        Assert.Equal("[0].id", error.Field);
    }

    [Fact]
    public async Task Records_that_span_buffers_and_one_longer_than_a_buffer_are_read_whole_with_their_raw_json()
    {
        var huge = new string('я', 700_000); // 1.4 MB of UTF-8: more than the first buffer
        var messages = Enumerable.Range(0, 30_000).Select(i => Message(i)).Append(Message(30_000, huge)).ToList();
        var (records, json) = await ReadAsync("[\n" + string.Join(",\n", messages) + "\n]\n");

        Assert.Equal(30_001, records.Count);
        Assert.Equal(messages, json);
        Assert.Equal("m30000", records[^1].Message!.Id);
        // The offset is kept as the instant: 09:07+03:00 is 06:07 UTC.
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 6, 7, 0, TimeSpan.Zero), records[7].Message!.SentAt);
    }

    [Fact]
    public async Task Properties_the_import_does_not_read_are_skipped_whatever_they_hold_and_escaped_names_count()
    {
        var body = """[{"extra":{"nested":[1,{"deep":"x"}]},"\u0074ype":"manager","id":42,"name":"Анна","time_zone":"Europe/Moscow","note":"\u00e9"}]""";
        var manager = Assert.Single((await ReadAsync(body)).Records).Manager!;
        Assert.Equal(("42", "Анна"), (manager.Id, manager.Name));
    }

    [Fact]
    public async Task A_date_without_an_offset_is_utc_as_before()
    {
        var body = """[{"type":"message","id":"a","chat_id":"c","direction":"inbound","sent_at":"2026-11-20T09:00:00"}]""";
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), Assert.Single((await ReadAsync(body)).Records).Message!.SentAt);
    }

    [Theory]
    [InlineData("{\"type\":\"deal\"}", "$")]
    [InlineData("[" + "{\"type\":\"manager\",", "$[0]")]
    [InlineData("[{\"type\":\"manager\",\"id\":\"m1\",\"name\":\"A\",\"time_zone\":\"UTC\"},{\"type\":", "$[1]")]
    [InlineData("[{\"type\":\"manager\" \"id\":1}]", "$[0]")]
    [InlineData("[] []", "$")]
    [InlineData("[]x", "$")]
    [InlineData("   ", "$[0]")]
    [InlineData("[42]", "[0]")]
    public async Task A_broken_body_is_a_400_naming_where(string body, string field)
    {
        var error = await Assert.ThrowsAsync<InputValidationException>(() => ReadAsync(body));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public async Task Text_that_is_not_utf8_is_a_400_naming_the_record()
    {
        var bytes = Encoding.UTF8.GetBytes("[{\"type\":\"manager\",\"id\":\"m1\",\"name\":\"X\",\"time_zone\":\"UTC\"},{\"type\":\"manager\",\"id\":\"m2\",\"name\":\"__\",\"time_zone\":\"UTC\"}]");
        var at = Encoding.UTF8.GetString(bytes).IndexOf("__", StringComparison.Ordinal);
        bytes[at] = 0xC3;
        bytes[at + 1] = 0x28;
        using var stream = new MemoryStream(bytes);
        var error = await Assert.ThrowsAsync<InputValidationException>(() => ImportRecordStream.ReadAsync(stream, Reader, (_, _) => { }, null, default));
        Assert.Equal("[1]", error.Field);
    }
}
