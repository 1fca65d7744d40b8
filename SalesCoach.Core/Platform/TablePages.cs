// Owns paging through a table query with an opaque continuation token that names the field when it is bad.
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace SalesCoach.Core.Platform;

/// <summary>One page of a list and the token for the next (null on the last page).</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? Next);

public static class TablePages
{
    /// <summary>
    /// One page of <paramref name="filter"/>'s results in storage order. The token handed out is the
    /// storage's continuation ("next partition key, next row key"), base64url-encoded; a token that was
    /// not issued here is a 400 naming "continuation".
    /// </summary>
    public static async Task<ListPage<T>> QueryPageAsync<T>(this TableClient table, string? filter, int pageSize, string? continuation, Func<TableEntity, T> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(map);
        var token = Decode(continuation);
        try
        {
            await foreach (var page in table.QueryAsync<TableEntity>(string.IsNullOrEmpty(filter) ? null : filter, pageSize, cancellationToken: cancellationToken).AsPages(token, pageSize).ConfigureAwait(false))
            {
                return new ListPage<T>(page.Values.Select(map).ToList(), Encode(page.ContinuationToken));
            }
        }
        catch (RequestFailedException e) when (e.Status == 400 && token is not null)
        {
            throw Invalid();
        }
        return new ListPage<T>([], null);
    }

    private static string? Encode(string? token) =>
        token is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            var decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(base64));
            // The SDK's token is "{nextPartitionKey} {nextRowKey}"; anything else was not issued by us.
            return decoded.Contains(' ', StringComparison.Ordinal) ? decoded : throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            throw Invalid();
        }
    }

    private static InputValidationException Invalid() => new("continuation", "The continuation token is not valid for this list.");
}
