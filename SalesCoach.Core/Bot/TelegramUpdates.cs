// Owns reading a Telegram Update from a webhook body or a getUpdates answer: the Bot API's JSON, validated.
using System.Text.Json;
using SalesCoach.Core.Platform;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace SalesCoach.Core.Bot;

public static class TelegramUpdates
{
    /// <summary>The largest update body accepted (Telegram's messages are at most 4096 characters; callback data 64 bytes).</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>
    /// An Update object as the Bot API documents it (https://core.telegram.org/bots/api#update), read with
    /// Telegram.Bot's own serializer settings. Not a JSON object, no positive integer update_id, or a field of
    /// the wrong type is an <see cref="InputValidationException"/> naming it. Kinds this bot does not use still parse.
    /// </summary>
    public static Update Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            throw new InputValidationException("$", "A JSON Update object is required.");
        }
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InputValidationException("$", "The body must be a JSON Update object.");
            }
            if (!root.TryGetProperty("update_id", out var id) || id.ValueKind != JsonValueKind.Number || !id.TryGetInt32(out var updateId) || updateId < 0)
            {
                throw new InputValidationException("update_id", "'update_id' must be a non-negative integer.");
            }
            return root.Deserialize<Update>(JsonBotAPI.Options) ?? throw new InputValidationException("$", "The body must be a JSON Update object, not null.");
        }
        catch (JsonException e)
        {
            throw Json.Invalid(e, "the update");
        }
        catch (InvalidOperationException e)
        {
            throw new InputValidationException("$", $"The update holds text that is not valid Unicode: {e.Message}");
        }
    }
}
