// Owns the generic import: spool, validate the whole file, then write.
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Crm.Sync;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.Import;

public sealed record ImportOptions
{
    /// <summary>Largest import body accepted (HTTP and CLI).</summary>
    public long MaxBytes { get; init; } = 512L * 1024 * 1024;
    /// <summary>Records held in memory between writes; memory stays flat in the input size.</summary>
    public int ChunkSize { get; init; } = 2000;
}

/// <param name="Unchanged">Records in chunks imported before, not written again.</param>
public sealed record ImportResult(int Records, int Managers, int Deals, int DealsKeptNewer, int Activities, int Chats, int Messages, int Unchanged = 0);

/// <summary>
/// The generic import (README "Generic import"). The body is spooled to a temporary file, validated
/// completely (pass 1), and only then written (pass 2), so a bad record anywhere writes nothing; both
/// passes stream, so memory stays flat however large the input (pass 1 keeps the ids the file defines,
/// to check references). A deal, activity, chat or message may only name a manager, deal or chat that
/// the file defines earlier or the store holds. Deals and chats never overwrite a stored copy with a
/// newer updated_at; activities and messages are keyed by their source ids (<see cref="CrmWriter"/>,
/// shared with the CRM pulls); a chunk written before is skipped (<see cref="ImportChunks"/>).
/// </summary>
public sealed class ImportData(ImportRecordReader reader, CrmWriter writer, ImportChunks chunks, References references, ImportOptions options, ILogger<ImportData> logger)
{
    public async Task<ImportResult> RunAsync(Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var spool = Path.Combine(Path.GetTempPath(), $"salescoach-import-{Guid.NewGuid():N}.json");
        await using var file = new FileStream(spool, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await CopyWithLimitAsync(body, file, options.MaxBytes, cancellationToken).ConfigureAwait(false);

        file.Position = 0;
        var check = references.Begin();
        var seen = 0;
        var count = await ImportRecordStream.ReadAsync(file, reader, (record, _) => check.Add(record, seen++), null, cancellationToken).ConfigureAwait(false);
        await check.VerifyAsync(cancellationToken).ConfigureAwait(false);

        // Pass 2: chunks of ChunkSize records, each hashed over its records' JSON as read; full chunks are
        // written after each buffer of the file (so at most a buffer's records wait beyond a chunk).
        file.Position = 0;
        var result = new ImportResult(count, 0, 0, 0, 0, 0, 0);
        var full = new List<(List<ImportRecord> Records, string Hash)>();
        var chunk = new List<ImportRecord>(options.ChunkSize);
        using var hash = ImportChunks.NewHash();
        void Add(ImportRecord record, ReadOnlySpan<byte> json)
        {
            chunk.Add(record);
            ImportChunks.Append(hash, json);
            if (chunk.Count == options.ChunkSize)
            {
                full.Add((chunk, ImportChunks.Finish(hash)));
                chunk = new List<ImportRecord>(options.ChunkSize);
            }
        }
        async ValueTask WriteFullAsync(CancellationToken token)
        {
            foreach (var (records, chunkHash) in full)
            {
                result = await WriteChunkAsync(records, chunkHash, result, token).ConfigureAwait(false);
            }
            full.Clear();
        }
        await ImportRecordStream.ReadAsync(file, reader, Add, WriteFullAsync, cancellationToken).ConfigureAwait(false);
        await WriteFullAsync(cancellationToken).ConfigureAwait(false);
        if (chunk.Count > 0)
        {
            result = await WriteChunkAsync(chunk, ImportChunks.Finish(hash), result, cancellationToken).ConfigureAwait(false);
        }
        logger.LogInformation("Import: {Records} records, {Deals} deals ({Kept} kept newer), {Activities} activities, {Messages} messages, {Unchanged} unchanged",
            result.Records, result.Deals, result.DealsKeptNewer, result.Activities, result.Messages, result.Unchanged);
        return result;
    }

    private static async Task CopyWithLimitAsync(Stream source, Stream target, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new PayloadTooLargeException(limit);
            }
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
        if (total == 0)
        {
            throw new InputValidationException("$", "The body is empty; send a JSON array of records.");
        }
    }

    private async Task<ImportResult> WriteChunkAsync(List<ImportRecord> chunk, string hash, ImportResult result, CancellationToken cancellationToken)
    {
        if (await chunks.SeenAsync(hash, cancellationToken).ConfigureAwait(false))
        {
            return result with { Unchanged = result.Unchanged + chunk.Count };
        }
        result = await WriteAsync(chunk, result, cancellationToken).ConfigureAwait(false);
        await chunks.RecordAsync(hash, chunk.Count, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task<ImportResult> WriteAsync(List<ImportRecord> chunk, ImportResult result, CancellationToken cancellationToken)
    {
        var batch = new CrmBatch(
            [.. chunk.Where(r => r.Manager is not null).Select(r => r.Manager!)],
            [.. chunk.Where(r => r.Deal is not null).Select(r => r.Deal!)],
            [.. chunk.Where(r => r.Activity is not null).Select(r => r.Activity!)],
            [.. chunk.Where(r => r.Chat is not null).Select(r => r.Chat!)],
            [.. chunk.Where(r => r.Message is not null).Select(r => r.Message!)]);
        var counts = await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        return result with
        {
            Managers = result.Managers + counts.Managers,
            Deals = result.Deals + counts.Deals,
            DealsKeptNewer = result.DealsKeptNewer + counts.DealsKeptNewer,
            Activities = result.Activities + counts.Activities,
            Chats = result.Chats + counts.Chats,
            Messages = result.Messages + counts.Messages,
        };
    }
}
