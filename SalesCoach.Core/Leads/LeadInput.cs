// Owns validation of lead and sale inputs; every error names its field.
using System.Text.RegularExpressions;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Leads;

/// <summary>Validation of lead and sale inputs; every error names its field (400 at the edge).</summary>
public static partial class LeadInput
{
    public static long Id(string? raw, string field = "id") =>
        long.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new InputValidationException(field, $"'{field}' must be a positive whole number, not '{raw}'.");

    public static TEnum Enum<TEnum>(string? raw, string field) where TEnum : struct, System.Enum
    {
        var names = string.Join(", ", Json.Names<TEnum>());
        if (raw is null)
        {
            throw new InputValidationException(field, $"'{field}' is required: one of {names}.");
        }
        return Json.TryParseName<TEnum>(raw, out var value)
            ? value
            : throw new InputValidationException(field, $"'{field}' must be one of {names}, not '{raw}'.");
    }

    public static TEnum? OptionalEnum<TEnum>(string? raw, string field) where TEnum : struct, System.Enum =>
        string.IsNullOrEmpty(raw) ? null : Enum<TEnum>(raw, field);

    /// <summary>A business domain is a short token ("first", "fintech-eu").</summary>
    public static string? BusinessDomain(string? raw) =>
        raw is null ? null
        : DomainPattern().IsMatch(raw) ? raw
        : throw new InputValidationException("business_domain", "'business_domain' must be 1–64 lower-case letters, digits, '-' or '_'.");

    public static LeadContact? Contact(string? name, string? phone, string? email)
    {
        if (name is null && phone is null && email is null)
        {
            return null;
        }
        if (name is { Length: 0 or > 200 })
        {
            throw new InputValidationException("contact.name", "'contact.name' must be 1–200 characters.");
        }
        if (phone is not null && !PhonePattern().IsMatch(phone))
        {
            throw new InputValidationException("contact.phone", "'contact.phone' must be 6–20 digits, optionally with a leading '+'.");
        }
        if (email is not null && (email.Length > 254 || !EmailPattern().IsMatch(email)))
        {
            throw new InputValidationException("contact.email", "'contact.email' is not an e-mail address.");
        }
        return new LeadContact(name, phone, email);
    }

    public static string? ManagerId(string? raw, string field) => raw is null ? null : Keys.RequireId(raw, field);

    public static int Range(int? value, string field, int min, int max) =>
        value is { } v && v >= min && v <= max
            ? v
            : throw new InputValidationException(field, $"'{field}' must be a whole number from {min} to {max}.");

    public static decimal Amount(decimal? value, string field) =>
        value is { } v && v >= 0 && v <= 1_000_000_000_000m && decimal.Round(v, 2) == v
            ? v
            : throw new InputValidationException(field, $"'{field}' must be an amount from 0 to 1,000,000,000,000 with at most 2 decimals.");

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex(@"^\+?[0-9]{6,20}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
