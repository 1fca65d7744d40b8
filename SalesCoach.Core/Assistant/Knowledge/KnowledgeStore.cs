// Owns where the knowledge base lives: its documents (Blob container) and its indexed versions (chunks, embeddings, report) in a table.
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Assistant.Knowledge;

/// <summary>One document's part in an indexed version: how many chunks it gave, or why it gave none.</summary>
public sealed record KnowledgeDocumentReport(string Name, int Chunks, string? Error);

/// <summary>An indexed version of the knowledge base: "lexical" or "hybrid" retrieval, by the "local" or "azure" retriever.</summary>
public sealed record KnowledgeIndexReport(string Version, DateTimeOffset IndexedAt, int Chunks, IReadOnlyList<KnowledgeDocumentReport> Documents, string Retrieval, bool Changed = false, string Retriever = "local");

/// <summary>A stored chunk and, with embeddings configured, its vector.</summary>
public sealed record StoredChunk(KnowledgeChunk Chunk, float[]? Vector);

/// <summary>
/// Documents are blobs in the "{prefix}-assistant-kb" container. With the local retriever each indexed
/// version is one table partition ("v{version}") of chunk rows. Either retriever indexes a version completely
/// before the "current" row is switched to it (one row write), so a reader never sees half a version; the
/// older version is then deleted. The version is a hash of the documents' names and ETags (and the
/// retriever): unchanged documents are never re-indexed.
/// </summary>
public sealed class KnowledgeStore(StorageAccount storage)
{
    public const string ContainerName = "assistant-kb";
    private const string TableName = "assistantkb";
    private const string MetaPartition = "meta";
    private const string CurrentRow = "current";

    /// <summary>Bump when chunking or analysis changes, so stored versions are rebuilt.</summary>
    private const string IndexFormat = "chunks-v1";

    public Task<BlobContainerClient> ContainerAsync() => storage.ContainerAsync(ContainerName);

    public async Task UploadAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync().ConfigureAwait(false);
        await container.GetBlobClient(name).UploadAsync(new BinaryData(content), overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The documents' names and ETags, and the version they make when indexed by <paramref name="retriever"/> (switching retrievers re-indexes).</summary>
    public async Task<(string Version, IReadOnlyList<BlobItem> Blobs)> ListAsync(string retriever, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync().ConfigureAwait(false);
        var blobs = new List<BlobItem>();
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            blobs.Add(blob);
        }
        blobs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var fingerprint = string.Join('\n', blobs.Select(b => $"{b.Name}\t{b.Properties.ETag}").Prepend(retriever == "local" ? IndexFormat : IndexFormat + "\t" + retriever));
        return (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)))[..16], blobs);
    }

    public async Task<byte[]> DownloadAsync(string name, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync().ConfigureAwait(false);
        var content = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        return content.Value.Content.ToArray();
    }

    public async Task<KnowledgeIndexReport?> CurrentAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var row = await table.FindAsync(MetaPartition, CurrentRow, cancellationToken).ConfigureAwait(false);
        return row is null ? null : Json.Deserialize<KnowledgeIndexReport>(row.RequiredString("Report"));
    }

    public async Task<IReadOnlyList<StoredChunk>> ChunksAsync(string version, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var chunks = await table.QueryListAsync($"PartitionKey eq {Keys.Literal("v" + version)}", e => new StoredChunk(
            new KnowledgeChunk(e.RowKey, e.RequiredString("Source"), e.GetString("Heading") ?? "", e.RequiredString("Text"), e.GetInt32("Position") ?? 0),
            e.GetBinary("Vector") is { Length: > 0 } bytes ? MemoryMarshal.Cast<byte, float>(bytes).ToArray() : null), cancellationToken).ConfigureAwait(false);
        return chunks.OrderBy(c => c.Chunk.Source, StringComparer.Ordinal).ThenBy(c => c.Chunk.Position).ToList();
    }

    /// <summary>Writes a version's chunk rows (the local retriever's persistence).</summary>
    public async Task SaveChunksAsync(string version, IReadOnlyList<StoredChunk> chunks, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var partition = "v" + version;
        await table.UpsertBatchedAsync(chunks.Select(c => new TableEntity(partition, c.Chunk.Id)
        {
            ["Source"] = c.Chunk.Source,
            ["Heading"] = c.Chunk.Heading,
            ["Text"] = c.Chunk.Text,
            ["Position"] = c.Chunk.Position,
            ["Vector"] = c.Vector is null ? null : MemoryMarshal.AsBytes(c.Vector.AsSpan()).ToArray(),
        }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Points "current" at the version (one row write); returns the report it replaced.</summary>
    public async Task<KnowledgeIndexReport?> SetCurrentAsync(KnowledgeIndexReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var previous = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(MetaPartition, CurrentRow) { ["Report"] = Json.Serialize(report with { Changed = false }) }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return previous;
    }

    /// <summary>Deletes a version's chunk rows.</summary>
    public async Task DeleteChunksAsync(string version, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await foreach (var old in table.QueryAsync<TableEntity>($"PartitionKey eq {Keys.Literal("v" + version)}", select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await table.DeleteEntityAsync(old.PartitionKey, old.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
        }
    }
}
