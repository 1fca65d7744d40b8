// Owns what a GREEN-API messageData says: the text to store for every typeMessage, or the edit/deletion it announces.
using System.Globalization;
using System.Text.Json;
using SalesCoach.Core.Crm.Import;
using SalesCoach.Core.Platform;
using static SalesCoach.Core.Crm.GreenApi.GreenApiPayload;

namespace SalesCoach.Core.Crm.GreenApi;

public enum GreenApiAmendmentKind
{
    Edited,
    Deleted,
}

/// <summary>
/// One message's content: the text to store (its own text, a caption, or a readable marker such as
/// "[image]" or "[document: offer.pdf]"), or, for editedMessage/deletedMessage naming the message they
/// change (stanzaId), that amendment instead of a message of its own.
/// </summary>
public sealed record GreenApiMessageContent(string TypeMessage, string? Text, GreenApiAmendmentKind? Amends = null, string? AmendedMessageId = null)
{
    /// <summary>What a deleted message's text becomes: the sender withdrew it, so its words are not kept.</summary>
    public const string DeletedMarker = "[deleted]";

    private const string Path = "messageData";

    /// <summary>
    /// Reads messageData. The documented typeMessage values are imageMessage, videoMessage, documentMessage,
    /// audioMessage, locationMessage, contactMessage, pollMessage, …; the short forms (image, video, …) are
    /// accepted too. A type this code does not know is stored as the marker "[typeMessage]", never refused.
    /// </summary>
    public static GreenApiMessageContent Read(JsonElement messageData)
    {
        var typeMessage = RequiredString(messageData, "typeMessage", "messageData.typeMessage");
        if (!GreenApiWebhook.IsName(typeMessage))
        {
            throw new InputValidationException("messageData.typeMessage", "'messageData.typeMessage' must be a name of letters and digits.");
        }
        var content = Normalize(typeMessage) switch
        {
            "textMessage" => Plain(TextOf(messageData, "textMessageData", "textMessage")),
            "extendedTextMessage" or "quotedMessage" => Plain(TextOf(messageData, "extendedTextMessageData", "text")),
            "reactionMessage" => Plain(Marker("reaction", OptionalText(messageData, "extendedTextMessageData", "text"))),
            "imageMessage" => Plain(File(messageData, "image", withName: false)),
            "videoMessage" => Plain(File(messageData, "video", withName: false)),
            "audioMessage" => Plain(File(messageData, "audio", withName: false)),
            "stickerMessage" => Plain(File(messageData, "sticker", withName: false)),
            "documentMessage" => Plain(File(messageData, "document", withName: true)),
            "locationMessage" => Plain(Location(messageData)),
            "contactMessage" => Plain(Marker("contact", OptionalText(messageData, "contactMessageData", "displayName"))),
            "pollMessage" => Plain(Poll(messageData)),
            "editedMessage" => Edited(messageData),
            "deletedMessage" => Deleted(messageData),
            _ => Plain($"[{typeMessage}]"),
        };
        if (content.Text is { Length: > ImportRecordReader.MaxTextLength })
        {
            throw new InputValidationException(Path, $"The message text is longer than {ImportRecordReader.MaxTextLength} characters.");
        }
        return content;

        GreenApiMessageContent Plain(string? text) => new(typeMessage, text);
    }

    private static string Normalize(string typeMessage) => typeMessage switch
    {
        "image" => "imageMessage",
        "video" => "videoMessage",
        "document" => "documentMessage",
        "audio" => "audioMessage",
        "sticker" => "stickerMessage",
        "location" => "locationMessage",
        "contact" => "contactMessage",
        "poll" => "pollMessage",
        _ => typeMessage,
    };

    /// <summary>The text of a text message: its data object and text are required (that is the message).</summary>
    private static string? TextOf(JsonElement messageData, string dataName, string textName)
    {
        var dataPath = Child(Path, dataName);
        var data = RequiredObject(messageData, dataName, dataPath);
        var path = Child(dataPath, textName);
        var text = OptionalString(data, textName, path) ?? throw new InputValidationException(path, $"'{path}' is required.");
        return Bounded(text, path) is { Length: > 0 } value ? value : null;
    }

    private static string? OptionalText(JsonElement messageData, string dataName, string textName)
    {
        var dataPath = Child(Path, dataName);
        if (OptionalObject(messageData, dataName, dataPath) is not { } data)
        {
            return null;
        }
        var path = Child(dataPath, textName);
        var text = OptionalString(data, textName, path)?.Trim();
        return string.IsNullOrEmpty(text) ? null : Bounded(text, path);
    }

    private static string Bounded(string text, string path) =>
        text.Length <= ImportRecordReader.MaxTextLength
            ? text
            : throw new InputValidationException(path, $"'{path}' is longer than {ImportRecordReader.MaxTextLength} characters.");

    private static string Marker(string kind, string? detail) => detail is null ? $"[{kind}]" : $"[{kind}: {detail}]";

    /// <summary>Image, video, audio, sticker, document: the caption when there is one, else a marker (documents name their file).</summary>
    private static string File(JsonElement messageData, string kind, bool withName) =>
        OptionalText(messageData, "fileMessageData", "caption")
        ?? Marker(kind, withName ? OptionalText(messageData, "fileMessageData", "fileName") : null);

    private static string Location(JsonElement messageData)
    {
        const string dataPath = Path + ".locationMessageData";
        var name = OptionalText(messageData, "locationMessageData", "nameLocation");
        var address = OptionalText(messageData, "locationMessageData", "address");
        if (name is not null || address is not null)
        {
            return Marker("location", string.Join(", ", new[] { name, address }.Where(part => part is not null)));
        }
        if (OptionalObject(messageData, "locationMessageData", dataPath) is { } data
            && OptionalNumber(data, "latitude", dataPath + ".latitude") is { } latitude
            && OptionalNumber(data, "longitude", dataPath + ".longitude") is { } longitude)
        {
            return Marker("location", string.Create(CultureInfo.InvariantCulture, $"{latitude:0.######}, {longitude:0.######}"));
        }
        return Marker("location", null);
    }

    private static string Poll(JsonElement messageData)
    {
        const string dataPath = Path + ".pollMessageData";
        var name = OptionalText(messageData, "pollMessageData", "name");
        var options = new List<string>();
        if (OptionalObject(messageData, "pollMessageData", dataPath) is { } data && OptionalArray(data, "options", dataPath + ".options") is { } list)
        {
            var index = 0;
            foreach (var option in list.EnumerateArray())
            {
                var optionPath = $"{dataPath}.options[{index++}]";
                if (option.ValueKind != JsonValueKind.Object)
                {
                    throw new InputValidationException(optionPath, $"'{optionPath}' must be an object with optionName.");
                }
                if (OptionalString(option, "optionName", optionPath + ".optionName") is { Length: > 0 } optionName)
                {
                    options.Add(Bounded(optionName.Trim(), optionPath + ".optionName"));
                }
            }
        }
        var detail = (name, options.Count) switch
        {
            (null, 0) => null,
            (_, 0) => name,
            _ => $"{name ?? "?"} — {string.Join(" / ", options)}",
        };
        return Marker("poll", detail);
    }

    /// <summary>
    /// editedMessageData{textMessage, stanzaId}: stanzaId is the id of the edited message (the notification's
    /// own idMessage is the edit event's), so the edit amends that message. Without a stanzaId nothing says
    /// which message changed, and the edit is kept as a message of its own.
    /// </summary>
    private static GreenApiMessageContent Edited(JsonElement messageData)
    {
        var text = OptionalText(messageData, "editedMessageData", "textMessage") ?? OptionalText(messageData, "editedMessageData", "caption");
        return AmendedId(messageData, "editedMessageData") is { } original
            ? new GreenApiMessageContent("editedMessage", text, GreenApiAmendmentKind.Edited, original)
            : new GreenApiMessageContent("editedMessage", Marker("edited", text));
    }

    /// <summary>deletedMessageData{stanzaId}: marks that message deleted; without a stanzaId, a "[deleted]" message of its own.</summary>
    private static GreenApiMessageContent Deleted(JsonElement messageData) =>
        AmendedId(messageData, "deletedMessageData") is { } original
            ? new GreenApiMessageContent("deletedMessage", DeletedMarker, GreenApiAmendmentKind.Deleted, original)
            : new GreenApiMessageContent("deletedMessage", DeletedMarker);

    private static string? AmendedId(JsonElement messageData, string dataName)
    {
        var dataPath = Child(Path, dataName);
        if (OptionalObject(messageData, dataName, dataPath) is not { } data)
        {
            return null;
        }
        var path = Child(dataPath, "stanzaId");
        return OptionalString(data, "stanzaId", path) is { Length: > 0 } id
            ? Keys.IsValidId(id) ? id : throw new InputValidationException(path, $"'{path}' must be 1–64 letters, digits, '-', '_' or '.'.")
            : null;
    }
}
