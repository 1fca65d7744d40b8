// Owns synthetic generic-import files for load tests and the import benchmark.
using System.Globalization;
using System.Text;

namespace SalesCoach.Core.Crm.Import;

/// <summary>Writes a generic-import file of a given size (managers, deals, one call each), for load tests and the import benchmark.</summary>
public static class SyntheticImport
{
    public static async Task WriteAsync(Stream target, int deals, int managers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(target);
        await using var writer = new StreamWriter(target, new UTF8Encoding(false), 65536, leaveOpen: true);
        await writer.WriteAsync('[').ConfigureAwait(false);
        for (var m = 0; m < managers; m++)
        {
            await writer.WriteAsync(Invariant($"{{\"type\":\"manager\",\"id\":\"bm{m}\",\"name\":\"Manager {m}\",\"time_zone\":\"Europe/Moscow\",\"team\":\"bench\"}},")).ConfigureAwait(false);
        }
        var created = now.AddDays(-30).ToString("O", CultureInfo.InvariantCulture);
        var called = now.AddDays(-3).ToString("O", CultureInfo.InvariantCulture);
        for (var d = 0; d < deals; d++)
        {
            var separator = d == deals - 1 ? "" : ",";
            await writer.WriteAsync(Invariant(
                $"{{\"type\":\"deal\",\"id\":\"bd{d}\",\"name\":\"Deal {d}\",\"manager_id\":\"bm{d % managers}\",\"budget\":{100_000 + d},\"stage\":\"Переговоры\",\"created_at\":\"{created}\"}},{{\"type\":\"activity\",\"id\":\"bd{d}-c\",\"deal_id\":\"bd{d}\",\"kind\":\"call\",\"occurred_at\":\"{called}\",\"duration_seconds\":300}}{separator}")).ConfigureAwait(false);
        }
        await writer.WriteAsync(']').ConfigureAwait(false);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
