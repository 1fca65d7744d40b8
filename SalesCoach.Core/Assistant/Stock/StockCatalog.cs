// Owns answering stock questions over the sheet: which product a message names, what is in stock, and the alternatives to offer.
using System.Globalization;
using SalesCoach.Core.Assistant.Knowledge;

namespace SalesCoach.Core.Assistant.Stock;

/// <summary>A product a message names: one match, several equally good ones, or none (with the closest names).</summary>
public sealed record ProductMatch(string? Product, IReadOnlyList<string> Candidates)
{
    public bool Found => Product is not null;
}

/// <summary>
/// The stock sheet as the assistant reads it. Product names match a message by their analysed words
/// (stems, so "лоферы"/"лоферов" and "Милан"/"Милане" match; one typo per word tolerated); a line is in
/// stock when its quantity is above zero. Out of stock, the alternatives are the same model in another
/// colour or size, then similar products (same kind, the name's first word) in the client's size.
/// </summary>
public sealed class StockCatalog(InventoryTable table)
{
    private readonly ShopAnalyzer analyzer = ShopAnalyzer.Default;

    public InventoryTable Table { get; } = table;

    public IReadOnlyList<string> Products => Table.Items.Select(i => i.ProductName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public ProductMatch Match(string text)
    {
        var words = analyzer.Terms(text).ToHashSet(StringComparer.Ordinal);
        var scored = Products.Select(p => (Product: p, Score: Score(analyzer.Terms(p), words))).Where(p => p.Score > 0).OrderByDescending(p => p.Score).ToList();
        if (scored.Count == 0)
        {
            return new ProductMatch(null, []);
        }
        var best = scored[0].Score;
        var top = scored.Where(s => s.Score == best).Select(s => s.Product).ToList();
        // A whole name, or a distinctive word of it ("Милан"), names the product; a shared word ("лоферы") names it only when no other product shares it.
        return best >= 0.5 && top.Count == 1
            ? new ProductMatch(top[0], top)
            : new ProductMatch(null, scored.Take(3).Select(s => s.Product).ToList());
    }

    public IReadOnlyList<InventoryItem> Lines(string product) =>
        Table.Items.Where(i => string.Equals(i.ProductName, product, StringComparison.OrdinalIgnoreCase)).ToList();

    public bool HasSizes(string product) => Lines(product).Any(i => i.Size != "-");

    /// <summary>The colours (canonical keys) of <paramref name="product"/> in stock, in sheet order, restricted to <paramref name="size"/> when given.</summary>
    public IReadOnlyList<string> ColorsInStock(string product, string? size = null) =>
        Lines(product).Where(i => i.InStock && (size is null || i.Size == size)).Select(i => i.ColorKey).Distinct(StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> SizesInStock(string product, string? colorKey = null) =>
        Lines(product).Where(i => i.InStock && (colorKey is null || i.ColorKey == colorKey)).Select(i => i.Size).Distinct(StringComparer.Ordinal)
            .OrderBy(s => decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : decimal.MaxValue).ToList();

    /// <summary>The line for product, colour and size (size "-" or null for unsized products), or null when the sheet has no such line.</summary>
    public InventoryItem? Find(string product, string? colorKey, string? size) =>
        Lines(product).FirstOrDefault(i => (colorKey is null || i.ColorKey == colorKey) && (i.Size == "-" || i.Size == size));

    /// <summary>Up to <paramref name="max"/> in-stock lines to offer instead: same model (other colour in that size, then other sizes in that colour), then the same kind.</summary>
    public IReadOnlyList<InventoryItem> Alternatives(string product, string? colorKey, string? size, int max = 3)
    {
        var own = Lines(product).Where(i => i.InStock).ToList();
        var kind = Kind(product);
        var similar = Table.Items.Where(i => i.InStock && !string.Equals(i.ProductName, product, StringComparison.OrdinalIgnoreCase) && Kind(i.ProductName) == kind).ToList();
        return own.Where(i => i.Size == (size ?? i.Size) && i.ColorKey != colorKey)
            .Concat(own.Where(i => i.ColorKey == colorKey && i.Size != size))
            .Concat(own)
            .Concat(similar.Where(i => size is null || i.Size == size || i.Size == "-"))
            .Concat(similar)
            .Distinct()
            .Take(max)
            .ToList();
    }

    /// <summary>In-stock products to name when a message names none we sell.</summary>
    public IReadOnlyList<string> ProductsInStock(int max = 4) =>
        Table.Items.Where(i => i.InStock).Select(i => i.ProductName).Distinct(StringComparer.OrdinalIgnoreCase).Take(max).ToList();

    private string Kind(string product) => analyzer.Terms(product).FirstOrDefault() ?? "";

    /// <summary>The share of a product name's words the message holds; a word one edit away counts (typos).</summary>
    private static double Score(IReadOnlyList<string> nameTerms, HashSet<string> words)
    {
        if (nameTerms.Count == 0)
        {
            return 0;
        }
        var matched = nameTerms.Count(term => words.Contains(term) || words.Any(w => w.Length >= 4 && term.Length >= 4 && Distance(w, term) <= 1));
        return (double)matched / nameTerms.Count;
    }

    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return 2;
        }
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
