// Owns writing a stock sheet in the inventory.xlsx layout (DocumentFormat.OpenXml), for the sample shop and for tests.
using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SalesCoach.Core.Assistant.Stock;

public static class InventoryWorkbook
{
    /// <summary>A workbook with one sheet: the header row, then <paramref name="rows"/> as text cells (numbers as numbers).</summary>
    public static byte[] Write(IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<string>? header = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            sheetPart.Worksheet = new Worksheet(data);
            var index = 1u;
            foreach (var values in rows.Prepend(header ?? InventorySheet.Columns))
            {
                var row = new Row { RowIndex = index };
                foreach (var value in values)
                {
                    var number = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                    row.Append(number
                        ? new Cell { CellValue = new CellValue(value), DataType = CellValues.Number }
                        : new Cell { InlineString = new InlineString(new Text(value)), DataType = CellValues.InlineString });
                }
                data.Append(row);
                index++;
            }
            workbook.Workbook.AppendChild(new Sheets()).Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "inventory" });
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    /// <summary>The sample shop's stock: bags, loafers, ankle boots, sneakers, ballet flats; some sizes sold out.</summary>
    public static byte[] Sample() => Write(SampleRows);

    public static readonly IReadOnlyList<IReadOnlyList<string>> SampleRows =
    [
        ["Chanel Jumbo", "-", "черные", "2", "45000₸"],
        ["Chanel Jumbo", "-", "бежевые", "0", "45000₸"],
        ["Лоферы Милан", "37", "черные", "3", "32000"],
        ["Лоферы Милан", "38", "черные", "1", "32000"],
        ["Лоферы Милан", "39", "черные", "0", "32000"],
        ["Лоферы Милан", "38", "бежевые", "2", "32000"],
        ["Ботильоны Верона", "37", "коричневые", "0", "41000"],
        ["Ботильоны Верона", "38", "коричневые", "0", "41000"],
        ["Ботильоны Верона", "38", "черные", "0", "41000"],
        ["Ботильоны Рома", "38", "черные", "2", "39000"],
        ["Кроссовки Соло", "36", "белые", "4", "28000"],
        ["Кроссовки Соло", "38", "белые", "2", "28000"],
        ["Балетки Лиза", "37", "красные", "1", "19000"],
        ["Балетки Лиза", "38", "черные", "3", "19000"],
    ];
}
