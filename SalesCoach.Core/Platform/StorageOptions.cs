// Owns where state lives: the connection string and the table/queue prefix.
using System.Text.RegularExpressions;

namespace SalesCoach.Core.Platform;

/// <summary>Where state lives. Bound from AzureWebJobsStorage and SalesCoach:StoragePrefix.</summary>
public sealed partial record StorageOptions
{
    /// <summary>Azure Storage connection string; "UseDevelopmentStorage=true" means Azurite on its default ports.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// Lower-case letters and digits, 2–20 characters, starting with a letter. Prefixes every table
    /// ("{prefix}deals") and queue ("{prefix}-manager-analysis") so apps and test runs can share one account.
    /// </summary>
    public required string Prefix { get; init; }

    public string TableName(string logicalName) => Prefix + logicalName.ToLowerInvariant();

    public string QueueName(string logicalName) => $"{Prefix}-{logicalName}";

    public static bool IsValidPrefix(string? prefix) => prefix is not null && PrefixPattern().IsMatch(prefix);

    [GeneratedRegex("^[a-z][a-z0-9]{1,19}$")]
    private static partial Regex PrefixPattern();
}
