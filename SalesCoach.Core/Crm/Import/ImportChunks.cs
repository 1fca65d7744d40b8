// Owns the record of import chunks already written, so importing the same file again writes nothing.
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.Import;

/// <summary>
/// An import is written in chunks; each written chunk is recorded by the SHA-256 of its records' JSON (and
/// <see cref="Version"/>, the meaning of a record). A chunk seen before is not written again: importing the
/// same file twice changes nothing, and the second time costs a read per chunk. A chunk is recorded only
/// after all its rows are written, so an import that died half-way writes the rest on the next try.
/// </summary>
public sealed class ImportChunks(StorageAccount storage, TimeProvider time)
{
    /// <summary>Bumped when how a record is read or written changes, so old chunks are written anew.</summary>
    public const string Version = "import-v3";
    private const string TableName = "importchunks";

    public static string Hash(IEnumerable<string> recordsJson)
    {
        ArgumentNullException.ThrowIfNull(recordsJson);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(Version));
        foreach (var json in recordsJson)
        {
            sha.AppendData(Encoding.UTF8.GetBytes("\n" + json));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>A chunk's hash, fed record by record with each record's raw JSON (the same value as <see cref="Hash"/>).</summary>
    public static IncrementalHash NewHash()
    {
        var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(Version));
        return sha;
    }

    /// <summary>The chunk's hash; <paramref name="hash"/> starts over for the next chunk.</summary>

    public static void Append(IncrementalHash hash, ReadOnlySpan<byte> recordJson)
    {
        ArgumentNullException.ThrowIfNull(hash);
        hash.AppendData("\n"u8);
        hash.AppendData(recordJson);
    }

    public static string Finish(IncrementalHash hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var value = Convert.ToHexStringLower(hash.GetHashAndReset());
        hash.AppendData(Encoding.UTF8.GetBytes(Version));
        return value;
    }

    public async Task<bool> SeenAsync(string hash, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        return await table.FindAsync(hash[..2], hash, cancellationToken).ConfigureAwait(false) is not null;
    }

    public async Task RecordAsync(string hash, int records, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(hash[..2], hash) { ["Records"] = records, ["WrittenAt"] = time.GetUtcNow() }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets every chunk (after stored data was removed by hand, so the same file writes again).</summary>
    public async Task ForgetAllAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
    }
}
