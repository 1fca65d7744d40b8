using SalesCoach.Core.Platform;

namespace SalesCoach.Tests.Platform;

public sealed class PluralTests
{
    private static readonly PluralForms RuDeals = new("сделка", "сделки", "сделок");
    private static readonly PluralForms UkDeals = new("угода", "угоди", "угод");
    private static readonly PluralForms EnDeals = new("deal", "deals");

    [Theory]
    [InlineData(0, "0 сделок")]
    [InlineData(1, "1 сделка")]
    [InlineData(2, "2 сделки")]
    [InlineData(4, "4 сделки")]
    [InlineData(5, "5 сделок")]
    [InlineData(11, "11 сделок")]
    [InlineData(12, "12 сделок")]
    [InlineData(14, "14 сделок")]
    [InlineData(21, "21 сделка")]
    [InlineData(22, "22 сделки")]
    [InlineData(111, "111 сделок")]
    [InlineData(112, "112 сделок")]
    [InlineData(144, "144 сделки")]
    [InlineData(1001, "1\u00a0001 сделка")]
    public void Russian_follows_the_cldr_rules(long count, string expected) =>
        Assert.Equal(expected, Plural.Count(Languages.Russian, count, RuDeals));

    [Theory]
    [InlineData(1, "1 угода")]
    [InlineData(3, "3 угоди")]
    [InlineData(5, "5 угод")]
    [InlineData(11, "11 угод")]
    [InlineData(13, "13 угод")]
    [InlineData(21, "21 угода")]
    [InlineData(24, "24 угоди")]
    [InlineData(111, "111 угод")]
    public void Ukrainian_follows_the_cldr_rules(long count, string expected) =>
        Assert.Equal(expected, Plural.Count(Languages.Ukrainian, count, UkDeals));

    [Theory]
    [InlineData(0, "0 deals")]
    [InlineData(1, "1 deal")]
    [InlineData(2, "2 deals")]
    [InlineData(21, "21 deals")]
    [InlineData(2000, "2,000 deals")]
    public void English_has_one_and_other(long count, string expected) =>
        Assert.Equal(expected, Plural.Count(Languages.English, count, EnDeals));

    [Fact]
    public void Unsupported_codes_read_the_default()
    {
        Assert.False(Languages.IsSupported("de"));
        Assert.Equal(Languages.Russian, Languages.OrDefault("de"));
        Assert.Equal(Languages.English, Languages.OrDefault("en"));
    }
}
