// Owns reading the public "CRM Sales Opportunities" dataset (8,800 B2B deals, 35 agents) as generic-import records.
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SalesCoach.Core.Demo;

/// <summary>
/// Maven Analytics' CRM Sales Opportunities (../shared/data/crm-sales-opportunities): sales_pipeline.csv,
/// sales_teams.csv, products.csv, accounts.csv. A sales agent is a manager here (the person coached), the
/// dataset's manager is the team (English-speaking); regional offices map to US time zones. Every deal is
/// valued at its product's list price (USD), what it was worth while open: the close value is known only
/// after the outcome (0 for a lost deal), so a model reading it would read the answer. A closed deal gets
/// one stage change, from Engaging to Won or Lost on its close date. The data carries no calls or messages.
/// Prospecting deals have no date at all: they are dated at the snapshot's end (<see cref="SnapshotDate"/>).
/// </summary>
public static class SalesOpportunitiesDataset
{
    /// <summary>The last date the dataset knows (its newest close date).</summary>
    public static readonly DateTimeOffset SnapshotDate = new(2017, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string> OfficeZones = new(StringComparer.Ordinal)
    {
        ["Central"] = "America/Chicago",
        ["East"] = "America/New_York",
        ["West"] = "America/Los_Angeles",
    };

    /// <summary>Writes the dataset in <paramref name="folder"/> as a generic-import JSON array; returns (managers, deals).</summary>
    public static async Task<(int Managers, int Deals)> WriteImportAsync(string folder, Stream target, CancellationToken cancellationToken)
    {
        var teams = ReadCsv(Path.Combine(folder, "sales_teams.csv"));
        var prices = ReadCsv(Path.Combine(folder, "products.csv")).ToDictionary(p => Normalize(p["product"]), p => decimal.Parse(p["sales_price"], CultureInfo.InvariantCulture));
        var pipeline = ReadCsv(Path.Combine(folder, "sales_pipeline.csv"));

        await using var writer = new Utf8JsonWriter(target);
        writer.WriteStartArray();
        foreach (var agent in teams)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "manager");
            writer.WriteString("id", Slug(agent["sales_agent"]));
            writer.WriteString("name", agent["sales_agent"]);
            writer.WriteString("time_zone", OfficeZones[agent["regional_office"]]);
            writer.WriteString("team", Slug(agent["manager"]));
            writer.WriteString("language", "en");
            writer.WriteEndObject();
        }
        foreach (var deal in pipeline)
        {
            var stage = deal["deal_stage"];
            var closed = stage is "Won" or "Lost";
            var created = Date(deal["engage_date"]) ?? SnapshotDate;
            var account = deal["account"];
            writer.WriteStartObject();
            writer.WriteString("type", "deal");
            writer.WriteString("id", deal["opportunity_id"]);
            writer.WriteString("name", account.Length > 0 ? $"{deal["product"]} · {account}" : deal["product"]);
            writer.WriteString("manager_id", Slug(deal["sales_agent"]));
            writer.WriteString("stage", stage);
            writer.WriteString("created_at", created);
            writer.WriteNumber("budget", prices.GetValueOrDefault(Normalize(deal["product"])));
            writer.WriteString("product", Normalize(deal["product"]));
            writer.WriteString("currency", "USD");
            writer.WriteString("status", stage switch { "Won" => "won", "Lost" => "lost", _ => "open" });
            if (closed && Date(deal["close_date"]) is { } closedAt)
            {
                writer.WriteString("closed_at", closedAt);
                writer.WriteString("updated_at", closedAt);
            }
            if (account.Length > 0)
            {
                writer.WriteString("client_name", account);
            }
            writer.WriteEndObject();
            if (closed && Date(deal["close_date"]) is { } closeDate)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "activity");
                writer.WriteString("id", $"{deal["opportunity_id"]}-close");
                writer.WriteString("deal_id", deal["opportunity_id"]);
                writer.WriteString("kind", "stage_change");
                writer.WriteString("occurred_at", closeDate);
                writer.WriteString("from_stage", "Engaging");
                writer.WriteString("to_stage", stage);
                writer.WriteEndObject();
            }
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return (teams.Count, pipeline.Count);
    }

    /// <summary>"Moses Frase" → "moses-frase": ids are letters, digits and dashes.</summary>
    public static string Slug(string name) =>
        string.Join('-', name.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => new string(w.Where(char.IsLetterOrDigit).ToArray())));

    // The pipeline writes "GTXPro" where the price list says "GTX Pro".
    private static string Normalize(string product) => product.Replace(" ", "", StringComparison.Ordinal);

    private static DateTimeOffset? Date(string value) =>
        value.Length == 0 ? null : DateTimeOffset.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>RFC 4180 rows as header → value (quoted fields with commas or doubled quotes are read whole).</summary>
    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path, Encoding.UTF8).Where(l => l.Length > 0).ToList();
        var header = Fields(lines[0]);
        return lines.Skip(1).Select(line =>
        {
            var fields = Fields(line);
            return header.Select((name, i) => (name, value: i < fields.Count ? fields[i] : "")).ToDictionary(p => p.name, p => p.value, StringComparer.Ordinal);
        }).ToList();
    }

    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        fields.Add(current.ToString());
        return fields;
    }
}
