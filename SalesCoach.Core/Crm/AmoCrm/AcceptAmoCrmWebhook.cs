// Owns answering an amoCRM webhook within its 2-second deadline: credential, a parseable form, the body stored, a queue message.
using System.Text;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.AmoCrm;

/// <summary>The webhook's answer: accepted (new) or duplicate (this body was received before).</summary>
public sealed record AmoCrmAcceptance(string Status, string DeliveryId);

/// <summary>Body of an amoCRM delivery queue message.</summary>
public sealed record AmoCrmDeliveryMessage(string DeliveryId);

/// <summary>
/// amoCRM waits 2 s, counts any 2xx as delivered and switches a hook off after more than 100 failed
/// answers in 2 hours. So the webhook only checks what makes a delivery unusable (a wrong secret, an
/// oversized or unparseable body), stores the raw body durably and queues it: two storage writes, then
/// 200. Parsing into deals and re-analysis happen in <see cref="ProcessAmoCrmWebhook"/>.
/// </summary>
public sealed class AcceptAmoCrmWebhook(AmoCrmOptions options, AmoCrmDeliveries deliveries, StorageAccount storage, TimeProvider time)
{
    /// <summary>Checked before the body is read: an unauthenticated caller learns nothing about validation.</summary>
    public void Authenticate(string? secret) =>
        WebhookChecks.Require(options.WebhookSecret, secret, "AmoCrm:WebhookSecret", "The webhook URL does not carry the amoCRM webhook secret.");

    public async Task<AmoCrmAcceptance> RunAsync(byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Length > AmoCrmDeliveries.MaxBodyBytes)
        {
            throw new PayloadTooLargeException(AmoCrmDeliveries.MaxBodyBytes);
        }
        FormBody.Parse(body);
        var id = AmoCrmDeliveries.IdOf(body);
        var added = await deliveries.TryAddAsync(new AmoCrmDelivery { Id = id, Body = body, ReceivedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        if (added || (await deliveries.GetAsync(id, cancellationToken).ConfigureAwait(false))?.Status == DeliveryStatus.Received)
        {
            // Queued again when an earlier copy was stored but maybe not queued; processing a delivery twice is a no-op.
            var queue = await storage.QueueAsync(AmoCrmDeliveries.QueueName).ConfigureAwait(false);
            await queue.SendMessageAsync(Json.Serialize(new AmoCrmDeliveryMessage(id)), cancellationToken).ConfigureAwait(false);
        }
        return new AmoCrmAcceptance(added ? "accepted" : "duplicate", id);
    }
}

/// <summary>application/x-www-form-urlencoded, decoded as UTF-8 ("+" is a space, %XX a byte).</summary>
public static class FormBody
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            throw new InputValidationException("$", "The form body is not UTF-8 text.");
        }
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals < 0 ? part : part[..equals]);
            if (key.Length == 0)
            {
                throw new InputValidationException("$", "The form body has a value without a key.");
            }
            pairs.Add(new(key, equals < 0 ? "" : Decode(part[(equals + 1)..])));
        }
        if (pairs.Count == 0)
        {
            throw new InputValidationException("$", "The form body is empty.");
        }
        return pairs;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>"+" is a space and %XX a byte; the bytes must be UTF-8 text without control characters.</summary>
    private static string Decode(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal) && !value.Contains('+', StringComparison.Ordinal))
        {
            return NoControlCharacters(value);
        }
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                bytes.Add((byte)((Uri.FromHex(value[i + 1]) << 4) | Uri.FromHex(value[i + 2])));
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes.Add(c == '+' ? (byte)' ' : (byte)c);
            }
            else
            {
                bytes.AddRange(StrictUtf8.GetBytes(value.Substring(i, char.IsHighSurrogate(c) && i + 1 < value.Length ? 2 : 1)));
                i += char.IsHighSurrogate(c) ? 1 : 0;
            }
        }
        string decoded;
        try
        {
            decoded = StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            throw new InputValidationException("$", "The form body holds percent-encoded bytes that are not UTF-8.");
        }
        return NoControlCharacters(decoded);
    }

    private static string NoControlCharacters(string value) =>
        value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            ? throw new InputValidationException("$", "The form body holds control characters.")
            : value;
}
