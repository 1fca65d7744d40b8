// Owns reading the stock sheet (inventory.xlsx: product_name, size, color, quantity, price) with DocumentFormat.OpenXml; bad rows are reported, not fatal.
using System.Globalization;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SalesCoach.Core.Assistant.Stock;

/// <summary>One stock line: a product in one size and colour. <see cref="Size"/> is "-" for what has no size (bags).</summary>
public sealed record InventoryItem(string ProductName, string Size, string Color, string ColorKey, int Quantity, decimal Price, string Currency, int Row)
{
    public bool InStock => Quantity > 0;
}

/// <summary>A row the sheet could not use, and why.</summary>
public sealed record InventoryRowError(int Row, string Column, string Error);

/// <summary>The usable lines of a sheet and the rows it skipped.</summary>
public sealed record InventoryTable(IReadOnlyList<InventoryItem> Items, IReadOnlyList<InventoryRowError> Errors);

/// <summary>
/// Reads the first worksheet: a header row naming product_name, size, color, quantity and price (any
/// order, any case), then one line per row. A price is a number ("45000") in
/// <see cref="AssistantOptions.DefaultCurrency"/> or a number with its currency ("45 000₸", "120 USD").
/// A row with a missing name, a negative or fractional quantity or an unreadable price is reported and
/// skipped; empty rows are ignored. A file that is not a workbook, or lacks a column, is refused whole.
/// </summary>
public static partial class InventorySheet
{
    public static readonly string[] Columns = ["product_name", "size", "color", "quantity", "price"];

    public static InventoryTable Read(byte[] content, string defaultCurrency, AssistantLexicon lexicon)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(lexicon);
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var document = SpreadsheetDocument.Open(stream, false);
            var workbook = document.WorkbookPart ?? throw new InvalidDataException("The workbook has no workbook part.");
            var sheet = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("The workbook has no worksheet.");
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
            var strings = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
            var rows = part.Worksheet?.GetFirstChild<SheetData>()?.Elements<Row>().ToList() ?? [];
            if (rows.Count == 0)
            {
                throw new InvalidDataException("The first worksheet is empty.");
            }
            var header = Cells(rows[0], strings);
            var positions = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (column, text) in header)
            {
                var name = text.Trim().ToLowerInvariant().Replace(' ', '_');
                if (Columns.Contains(name))
                {
                    positions.TryAdd(name, column);
                }
            }
            if (Columns.FirstOrDefault(c => !positions.ContainsKey(c)) is { } missing)
            {
                throw new InvalidDataException($"The header row has no '{missing}' column (expected {string.Join(", ", Columns)}).");
            }
            var items = new List<InventoryItem>();
            var errors = new List<InventoryRowError>();
            foreach (var row in rows.Skip(1))
            {
                var number = (int)(row.RowIndex?.Value ?? 0);
                var cells = Cells(row, strings);
                string Cell(string name) => cells.GetValueOrDefault(positions[name], "").Trim();
                if (Columns.All(c => Cell(c).Length == 0))
                {
                    continue;
                }
                var product = Cell("product_name");
                if (product.Length is 0 or > 200)
                {
                    errors.Add(new(number, "product_name", "The product name is empty or longer than 200 characters."));
                    continue;
                }
                if (!int.TryParse(Cell("quantity"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var quantity)
                    && !(double.TryParse(Cell("quantity"), NumberStyles.Float, CultureInfo.InvariantCulture, out var q) && q == Math.Floor(q) && q is >= 0 and <= int.MaxValue && (quantity = (int)q) >= 0)
                    || quantity < 0)
                {
                    errors.Add(new(number, "quantity", $"'{Cell("quantity")}' is not a whole number of pairs/pieces ≥ 0."));
                    continue;
                }
                if (Price(Cell("price"), defaultCurrency) is not { } price)
                {
                    errors.Add(new(number, "price", $"'{Cell("price")}' is not a price (a number, optionally with its currency)."));
                    continue;
                }
                var size = Cell("size") is { Length: > 0 } s ? NormalizeSize(s) : "-";
                var color = Cell("color");
                items.Add(new InventoryItem(product, size, color, color.Length == 0 ? "" : lexicon.CanonicalColor(color), quantity, price.Amount, price.Currency, number));
            }
            return new InventoryTable(items, errors);
        }
        catch (Exception e) when (e is DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or FileFormatException or InvalidOperationException or System.Xml.XmlException or IOException or ArgumentException or KeyNotFoundException)
        {
            throw new InvalidDataException($"Not a readable .xlsx workbook: {e.Message}", e);
        }
    }

    /// <summary>"38", "38.0", "38,5", "38-й" → "38" / "38.5"; anything else is kept trimmed.</summary>
    public static string NormalizeSize(string size)
    {
        var match = SizePattern().Match(size.Trim());
        if (!match.Success)
        {
            return size.Trim();
        }
        var value = decimal.Parse(match.Groups[1].Value.Replace(',', '.'), CultureInfo.InvariantCulture);
        return value.ToString("0.#", CultureInfo.InvariantCulture);
    }

    public static (decimal Amount, string Currency)? Price(string text, string defaultCurrency)
    {
        var match = PricePattern().Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }
        var digits = Regex.Replace(match.Groups["amount"].Value, @"[\s\u00a0\u202f]", "").Replace(',', '.');
        if (!decimal.TryParse(digits, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || amount < 0)
        {
            return null;
        }
        var currency = (match.Groups["before"].Value + match.Groups["after"].Value).Trim();
        return (amount, currency.Length > 0 ? currency : defaultCurrency);
    }

    private static Dictionary<int, string> Cells(Row row, List<string> strings)
    {
        var cells = new Dictionary<int, string>();
        var next = 0;
        foreach (var cell in row.Elements<Cell>())
        {
            var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : next;
            next = column + 1;
            var raw = cell.CellValue?.Text ?? cell.InnerText;
            cells[column] = cell.DataType?.Value == CellValues.SharedString && int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < strings.Count
                ? strings[index]
                : cell.DataType?.Value == CellValues.InlineString ? cell.InlineString?.InnerText ?? "" : raw;
        }
        return cells;
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter))
        {
            index = index * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        }
        return index - 1;
    }

    [GeneratedRegex(@"^(\d{2}(?:[.,]\d)?)(?:\.0+)?(?:\s*-?\s*[а-яa-z]{0,2})?$", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"^(?<before>[^\d\s.,-]{0,4})\s*(?<amount>\d[\d\s\u00a0\u202f]*(?:[.,]\d{1,2})?)\s*(?<after>[^\d\s.,]{0,5})$")]
    private static partial Regex PricePattern();
}
