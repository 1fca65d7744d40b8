// Owns reading a JSON request body: a size limit, strict UTF-8, and errors that name the JSON field.
using System.Text.Json;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Hosting;

public static class RequestBody
{
    /// <summary>The default limit for a JSON body.</summary>
    public const int DefaultMaxBytes = 256 * 1024;

    /// <summary>Reads the whole body (up to <paramref name="maxBytes"/>; more is a 413).</summary>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            throw new PayloadTooLargeException(maxBytes);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new PayloadTooLargeException(maxBytes);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>Deserializes a JSON body into <typeparamref name="T"/>; malformed JSON, invalid UTF-8 or a wrong type is a 400 naming the field.</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken, int maxBytes = DefaultMaxBytes) where T : class
    {
        var bytes = await ReadBytesAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            throw new InputValidationException("$", "A JSON body is required.");
        }
        return Deserialize<T>(bytes);
    }

    /// <summary>Like <see cref="ReadJsonAsync{T}"/>, for an optional body: none at all is null.</summary>
    public static async Task<T?> ReadOptionalJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken, int maxBytes = DefaultMaxBytes) where T : class
    {
        var bytes = await ReadBytesAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        return bytes.Length == 0 ? null : Deserialize<T>(bytes);
    }

    private static T Deserialize<T>(byte[] bytes) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, Json.Options) ?? throw new InputValidationException("$", "The body must be a JSON object, not null.");
        }
        catch (JsonException e)
        {
            throw Json.Invalid(e);
        }
        catch (InvalidOperationException e)
        {
            // A string escape that is not valid UTF-16 (a lone surrogate such as \ud800).
            throw new InputValidationException("$", $"The body holds text that is not valid Unicode: {e.Message}");
        }
    }

    /// <summary>Parses a JSON body into an element (for payloads read field by field).</summary>
    public static async Task<JsonElement> ReadElementAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var bytes = await ReadBytesAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Json.Invalid(e);
        }
    }
}
