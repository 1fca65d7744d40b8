// Owns the stock tests: reading the sheet (bad rows reported), matching products, in stock / out of stock / unknown.
using SalesCoach.Core.Assistant;
using SalesCoach.Core.Assistant.Stock;

namespace SalesCoach.Tests.Assistant;

public sealed class StockTests
{
    public static StockCatalog SampleCatalog() => new(InventorySheet.Read(InventoryWorkbook.Sample(), "₸", AssistantLexicon.Default));

    [Fact]
    public void The_sample_sheet_reads_every_line_with_prices_and_currencies()
    {
        var table = InventorySheet.Read(InventoryWorkbook.Sample(), "₸", AssistantLexicon.Default);
        Assert.Empty(table.Errors);
        Assert.Equal(InventoryWorkbook.SampleRows.Count, table.Items.Count);
        var bag = table.Items[0];
        Assert.Equal(("Chanel Jumbo", "-", "black", 2, 45000m, "₸"), (bag.ProductName, bag.Size, bag.ColorKey, bag.Quantity, bag.Price, bag.Currency));
    }

    [Fact]
    public void Bad_rows_are_reported_with_their_column_and_the_rest_is_used()
    {
        var bytes = InventoryWorkbook.Write([
            ["Лоферы Милан", "38", "черные", "2", "32000"],
            ["", "38", "черные", "2", "32000"],
            ["Лоферы Милан", "39", "черные", "-1", "32000"],
            ["Лоферы Милан", "40", "черные", "1.5", "32000"],
            ["Лоферы Милан", "41", "черные", "1", "дорого"],
            ["Кроссовки Соло", "37", "белые", "3", "120 USD"],
        ]);
        var table = InventorySheet.Read(bytes, "₸", AssistantLexicon.Default);
        Assert.Equal(["Лоферы Милан", "Кроссовки Соло"], table.Items.Select(i => i.ProductName));
        Assert.Equal("USD", table.Items[1].Currency);
        Assert.Equal([(3, "product_name"), (4, "quantity"), (5, "quantity"), (6, "price")], table.Errors.Select(e => (e.Row, e.Column)));
    }

    [Fact]
    public void A_sheet_without_a_required_column_is_refused_whole()
    {
        var bytes = InventoryWorkbook.Write([["Лоферы Милан", "38", "черные", "2"]], header: ["product_name", "size", "color", "quantity"]);
        var error = Assert.Throws<InvalidDataException>(() => InventorySheet.Read(bytes, "₸", AssistantLexicon.Default));
        Assert.Contains("price", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_workbook_is_refused() =>
        Assert.Throws<InvalidDataException>(() => InventorySheet.Read("product_name,size\n"u8.ToArray(), "₸", AssistantLexicon.Default));

    [Theory]
    [InlineData("Есть лоферы Милан?", "Лоферы Милан")]
    [InlineData("хочу милан в бежевом", "Лоферы Милан")]
    [InlineData("Кроссовки Сола есть?", "Кроссовки Соло")] // one typo
    [InlineData("сумка chanel jumbo", "Chanel Jumbo")]
    public void A_message_names_the_product(string text, string product) => Assert.Equal(product, SampleCatalog().Match(text).Product);

    [Fact]
    public void A_kind_two_products_share_is_ambiguous()
    {
        var match = SampleCatalog().Match("есть ботильоны?");
        Assert.Null(match.Product);
        Assert.Equal(["Ботильоны Верона", "Ботильоны Рома"], match.Candidates.Order());
    }

    [Fact]
    public void Out_of_stock_offers_the_same_model_in_another_colour_then_similar_products()
    {
        var catalog = SampleCatalog();
        Assert.False(catalog.Find("Лоферы Милан", "black", "39")!.InStock);
        var alternatives = catalog.Alternatives("Лоферы Милан", "black", "39");
        Assert.Equal(("Лоферы Милан", "black"), (alternatives[0].ProductName, alternatives[0].ColorKey));
        var verona = catalog.Alternatives("Ботильоны Верона", "brown", "38");
        Assert.Equal("Ботильоны Рома", verona[0].ProductName); // the model is sold out in every colour: the similar one
    }
}
