// Owns the languages a manager can read (ru, uk, en), their plural rules and number format.
using System.Globalization;
using System.Text;

namespace SalesCoach.Core.Platform;

/// <summary>The languages texts are written in. Codes are ISO 639-1.</summary>
public static class Languages
{
    public const string Russian = "ru";
    public const string Ukrainian = "uk";
    public const string English = "en";

    public static IReadOnlyList<string> Supported { get; } = [Russian, Ukrainian, English];

    public static bool IsSupported(string? code) => code is Russian or Ukrainian or English;

    /// <summary>The code when supported, else <paramref name="fallback"/>.</summary>
    public static string OrDefault(string? code, string fallback = Russian) => IsSupported(code) ? code! : fallback;

    /// <summary>
    /// A whole number as a reader of <paramref name="language"/> writes it: "1 990" (no-break space) in
    /// Russian and Ukrainian, "1,990" in English. Written here, not taken from ICU, so it does not
    /// change with the machine's ICU version.
    /// </summary>
    public static string Number(string language, decimal value)
    {
        var separator = language == English ? ',' : '\u00A0';
        var rounded = Math.Round(value, 0, MidpointRounding.AwayFromZero);
        var digits = Math.Abs(rounded).ToString("0", CultureInfo.InvariantCulture);
        var text = new StringBuilder(digits.Length + digits.Length / 3 + 1);
        if (rounded < 0)
        {
            text.Append('-');
        }
        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0 && (digits.Length - i) % 3 == 0)
            {
                text.Append(separator);
            }
            text.Append(digits[i]);
        }
        return text.ToString();
    }
}

/// <summary>
/// A noun's forms by count. Russian and Ukrainian have three (1 сделка, 2 сделки, 5 сделок); English
/// has two, written as <c>new("deal", "deals")</c> (its few form is its many form).
/// </summary>
public readonly record struct PluralForms(string One, string Few, string Many)
{
    public PluralForms(string one, string other)
        : this(one, other, other)
    {
    }
}

/// <summary>
/// The plural rules of the languages we write (CLDR cardinal rules for integers): every formatter
/// that puts a number before a noun goes through here.
/// </summary>
public static class Plural
{
    public enum Category
    {
        One,
        Few,
        Many,
    }

    /// <summary>
    /// The CLDR category of an integer. ru and uk: one when n mod 10 = 1 and n mod 100 ≠ 11; few when
    /// n mod 10 is 2–4 and n mod 100 is not 12–14; many otherwise. en: one for 1, other otherwise.
    /// </summary>
    public static Category Of(string language, long count)
    {
        var n = Math.Abs(count);
        if (language == Languages.English)
        {
            return n == 1 ? Category.One : Category.Many;
        }
        long lastDigit = n % 10, lastTwo = n % 100;
        if (lastDigit == 1 && lastTwo != 11)
        {
            return Category.One;
        }
        return lastDigit is >= 2 and <= 4 && lastTwo is < 12 or > 14 ? Category.Few : Category.Many;
    }

    public static string Form(string language, long count, PluralForms forms) => Of(language, count) switch
    {
        Category.One => forms.One,
        Category.Few => forms.Few,
        _ => forms.Many,
    };

    /// <summary>"5 сделок", "21 угода", "1 deal": the number as the language writes it, then the noun.</summary>
    public static string Count(string language, long count, PluralForms forms) =>
        $"{Languages.Number(language, count)} {Form(language, count, forms)}";
}
