// Owns the pictures outbox messages carry: PNGs in a blob container, named after their message.
using Azure;
using Azure.Storage.Blobs;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Messaging;

/// <summary>Blob container "{prefix}-outbox-photos": one PNG per photo message, written before the message is queued.</summary>
public sealed class OutboxPhotos(StorageAccount storage)
{
    private const string ContainerName = "outbox-photos";

    /// <summary>Stores (or replaces) the picture; the same name again holds the same chart, so a repeated run is harmless.</summary>
    public async Task SaveAsync(string name, byte[] png, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(png);
        var container = await storage.ContainerAsync(ContainerName).ConfigureAwait(false);
        await container.GetBlobClient(name).UploadAsync(new BinaryData(png), overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the pictures last written before <paramref name="before"/>; returns how many went.</summary>
    public async Task<int> DeleteWrittenBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(ContainerName).ConfigureAwait(false);
        var deleted = 0;
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (blob.Properties.LastModified is { } written && written < before
                && (await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken).ConfigureAwait(false)).Value)
            {
                deleted++;
            }
        }
        return deleted;
    }

    /// <summary>The picture, or null when it is gone.</summary>
    public async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(ContainerName).ConfigureAwait(false);
        try
        {
            var content = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return content.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
