// Owns the chat report as an XLSX workbook or CSV tables.
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SalesCoach.Core.Chats;

/// <summary>The chat report as one XLSX workbook (a sheet per table) or as a CSV file per table (RFC 4180).</summary>
public static class ChatReportExport
{
    public static byte[] ToXlsx(ChatReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            uint sheetId = 1;
            foreach (var table in report.Tables)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                data.AppendChild(Row(table.Columns.Cast<object?>()));
                foreach (var row in table.Rows)
                {
                    data.AppendChild(Row(row));
                }
                part.Worksheet = new Worksheet(data);
                sheets.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = sheetId++, Name = table.Name });
            }
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    public static string ToCsv(ReportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var csv = new StringBuilder();
        csv.AppendJoin(',', table.Columns.Select(Quote)).Append("\r\n");
        foreach (var row in table.Rows)
        {
            csv.AppendJoin(',', row.Select(cell => Quote(ChatReportTables.Text(cell)))).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static Row Row(IEnumerable<object?> cells)
    {
        var row = new Row();
        foreach (var cell in cells)
        {
            row.AppendChild(cell switch
            {
                int or long or double or decimal => new Cell { DataType = CellValues.Number, CellValue = new CellValue(ChatReportTables.Text(cell)) },
                _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Clean(ChatReportTables.Text(cell))) { Space = SpaceProcessingModeValues.Preserve }) },
            });
        }
        return row;
    }

    // XML 1.0 forbids most control characters; a chat message may contain them.
    private static string Clean(string text) => new(text.Where(c => c is '\t' or '\n' or '\r' || c >= ' ').ToArray());
}
