// Owns finding a product's photos in a colour (blob name or metadata) and the short-lived read-only links they are sent with.
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using SalesCoach.Core.Assistant.Knowledge;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Assistant.Photos;

/// <summary>A photo to send: its file name and a read-only link that expires.</summary>
public sealed record ProductPhoto(string FileName, Uri Url);

/// <summary>
/// Photos are blobs in the "{prefix}-assistant-photos" container. A blob belongs to a product and colour
/// by its metadata ("product", "color") or, without them, by its name ("Лоферы Милан черные 1.jpg",
/// "лоферы-милан/бежевые-2.jpg"): every word of the product name, and a colour word, in the name.
/// Up to <see cref="AssistantOptions.MaxPhotos"/> are sent, each as a SAS link valid for
/// <see cref="AssistantOptions.PhotoLinkLifetime"/> (GREEN-API downloads it from its queue).
/// </summary>
public sealed class ProductPhotos(StorageAccount storage, AssistantOptions options, TimeProvider time)
{
    public const string ContainerName = "assistant-photos";
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".webp"];

    public async Task UploadAsync(string name, byte[] content, string? product, string? color, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(ContainerName).ConfigureAwait(false);
        var blob = container.GetBlobClient(name);
        await blob.UploadAsync(new BinaryData(content), new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string>
            {
                // Metadata values are ASCII-only: non-Latin text is stored URL-encoded.
                ["product"] = Uri.EscapeDataString(product ?? ""),
                ["color"] = Uri.EscapeDataString(color ?? ""),
            },
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ProductPhoto>> FindAsync(string product, string? colorKey, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(ContainerName).ConfigureAwait(false);
        var productTerms = ShopAnalyzer.Default.Terms(product).ToHashSet(StringComparer.Ordinal);
        var matches = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken).ConfigureAwait(false))
        {
            if (!ImageExtensions.Any(e => blob.Name.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            var metaProduct = Metadata(blob, "product");
            var metaColor = Metadata(blob, "color");
            var name = Path.ChangeExtension(blob.Name, null).Replace('/', ' ').Replace('-', ' ').Replace('_', ' ');
            var isProduct = metaProduct is { Length: > 0 }
                ? string.Equals(metaProduct.Trim(), product, StringComparison.OrdinalIgnoreCase)
                : productTerms.Count > 0 && productTerms.IsSubsetOf(ShopAnalyzer.Default.Terms(name));
            var color = metaColor is { Length: > 0 } ? AssistantLexicon.Default.CanonicalColor(metaColor) : AssistantLexicon.Default.ColorIn(name);
            if (isProduct && (colorKey is null || color == colorKey))
            {
                matches.Add(blob.Name);
            }
        }
        if (matches.Count == 0)
        {
            return [];
        }
        if (!container.CanGenerateSasUri)
        {
            throw new InvalidOperationException("Photo links need a storage account key in AzureWebJobsStorage (SAS); the connection has none.");
        }
        var expires = time.GetUtcNow() + options.PhotoLinkLifetime;
        return matches.Order(StringComparer.Ordinal).Take(options.MaxPhotos)
            .Select(n => new ProductPhoto(Path.GetFileName(n), container.GetBlobClient(n).GenerateSasUri(BlobSasPermissions.Read, expires)))
            .ToList();
    }

    /// <summary>A fresh read-only link to one photo (the outbox makes it at send time, so a queued photo never carries an expired link); null when the blob is gone.</summary>
    public async Task<ProductPhoto?> LinkAsync(string blobName, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(ContainerName).ConfigureAwait(false);
        var blob = container.GetBlobClient(blobName);
        if (!(await blob.ExistsAsync(cancellationToken).ConfigureAwait(false)).Value)
        {
            return null;
        }
        if (!blob.CanGenerateSasUri)
        {
            throw new InvalidOperationException("Photo links need a storage account key in AzureWebJobsStorage (SAS); the connection has none.");
        }
        return new ProductPhoto(Path.GetFileName(blobName), blob.GenerateSasUri(BlobSasPermissions.Read, time.GetUtcNow() + options.PhotoLinkLifetime));
    }

    private static string? Metadata(BlobItem blob, string key) =>
        blob.Metadata is { } metadata && metadata.TryGetValue(key, out var value) && value.Length > 0 ? Uri.UnescapeDataString(value) : null;
}
