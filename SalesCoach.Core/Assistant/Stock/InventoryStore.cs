// Owns the stock sheet blob: upload (checked first), and the cached read that reloads when the blob changes.
using Azure;
using Azure.Storage.Blobs;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Assistant.Stock;

/// <summary>
/// inventory.xlsx in the "{prefix}-assistant-stock" container. A read within
/// <see cref="AssistantOptions.InventoryCacheDuration"/> of the last check uses the cached sheet; after it,
/// the blob's ETag is compared and the sheet re-read only when the blob changed. An upload replaces the
/// cache at once. No sheet uploaded yet reads as an empty catalog.
/// </summary>
public sealed class InventoryStore(StorageAccount storage, AssistantOptions options, TimeProvider time)
{
    public const string ContainerName = "assistant-stock";
    private readonly SemaphoreSlim gate = new(1, 1);
    private (StockCatalog Catalog, ETag? ETag, DateTimeOffset CheckedAt)? cache;

    /// <summary>Checks the workbook (a file that is not one, or lacks a column, is a 400) and stores it; bad rows are reported in the result.</summary>
    public async Task<InventoryTable> UploadAsync(byte[] content, CancellationToken cancellationToken)
    {
        InventoryTable table;
        try
        {
            table = InventorySheet.Read(content, options.DefaultCurrency, AssistantLexicon.Default);
        }
        catch (InvalidDataException e)
        {
            throw new InputValidationException("inventory", e.Message);
        }
        var blob = await BlobAsync().ConfigureAwait(false);
        var info = await blob.UploadAsync(new BinaryData(content), overwrite: true, cancellationToken).ConfigureAwait(false);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cache = (new StockCatalog(table), info.Value.ETag, time.GetUtcNow());
        }
        finally
        {
            gate.Release();
        }
        return table;
    }

    public async Task<StockCatalog> GetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (cache is { } fresh && now - fresh.CheckedAt < options.InventoryCacheDuration)
        {
            return fresh.Catalog;
        }
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (cache is { } again && now - again.CheckedAt < options.InventoryCacheDuration)
            {
                return again.Catalog;
            }
            var blob = await BlobAsync().ConfigureAwait(false);
            ETag etag;
            try
            {
                etag = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.ETag;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                cache = (new StockCatalog(new InventoryTable([], [new InventoryRowError(0, "inventory", $"No {options.InventoryBlob} has been uploaded.")])), null, now);
                return cache.Value.Catalog;
            }
            if (cache is { } known && known.ETag == etag)
            {
                cache = known with { CheckedAt = now };
                return known.Catalog;
            }
            var content = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToArray();
            InventoryTable table;
            try
            {
                table = InventorySheet.Read(content, options.DefaultCurrency, AssistantLexicon.Default);
            }
            catch (InvalidDataException e)
            {
                // A broken upload through the portal: keep answering from the last good sheet, and say why.
                table = cache?.Catalog.Table is { } last
                    ? last with { Errors = [.. last.Errors, new InventoryRowError(0, "inventory", e.Message)] }
                    : new InventoryTable([], [new InventoryRowError(0, "inventory", e.Message)]);
            }
            cache = (new StockCatalog(table), etag, now);
            return cache.Value.Catalog;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<BlobClient> BlobAsync() => (await storage.ContainerAsync(ContainerName).ConfigureAwait(false)).GetBlobClient(options.InventoryBlob);
}
