// Owns the assistant's words as data (Lexicons/assistant-lexicon.json): intents, think-it-over phrases, colours, shop terms, stop words, replies.
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SalesCoach.Core.Assistant;

/// <summary>The lexicon file's shape (snake_case keys).</summary>
internal sealed record AssistantLexiconData(
    [property: JsonPropertyName("think")] IReadOnlyDictionary<string, IReadOnlyList<string>> Think,
    [property: JsonPropertyName("greetings")] IReadOnlyList<string> Greetings,
    [property: JsonPropertyName("thanks")] IReadOnlyList<string> Thanks,
    [property: JsonPropertyName("confirm")] IReadOnlyList<string> Confirm,
    [property: JsonPropertyName("decline")] IReadOnlyList<string> Decline,
    [property: JsonPropertyName("order")] IReadOnlyList<string> Order,
    [property: JsonPropertyName("photo")] IReadOnlyList<string> Photo,
    [property: JsonPropertyName("stock")] IReadOnlyList<string> Stock,
    [property: JsonPropertyName("size_words")] IReadOnlyList<string> SizeWords,
    [property: JsonPropertyName("colors")] IReadOnlyDictionary<string, IReadOnlyList<string>> Colors,
    [property: JsonPropertyName("color_names")] IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ColorNames,
    [property: JsonPropertyName("terms")] IReadOnlyDictionary<string, JsonElement> Terms,
    [property: JsonPropertyName("stop_words")] IReadOnlyList<string> StopWords,
    [property: JsonPropertyName("replies")] IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Replies);

/// <summary>
/// What a client's words mean to the assistant, and what it answers, per language (ru, uk, en), read from
/// <c>Lexicons/assistant-lexicon.json</c>. Phrases match whole words of the lower-cased text, so "да"
/// does not match inside "когда".
/// </summary>
public sealed class AssistantLexicon
{
    private readonly AssistantLexiconData data;
    private readonly Dictionary<string, string> colorByWord;
    private readonly Lazy<HashSet<string>> intentWords;
    private readonly Lazy<HashSet<string>> ukrainianWords;

    private AssistantLexicon(AssistantLexiconData data)
    {
        this.data = data;
        colorByWord = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (color, words) in data.Colors)
        {
            foreach (var word in words)
            {
                colorByWord[word] = color;
            }
        }
        var termMap = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (language, terms) in data.Terms)
        {
            if (language.StartsWith('_') || terms.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            foreach (var term in terms.EnumerateObject().Where(t => !t.Name.StartsWith('_')))
            {
                termMap.TryAdd(term.Name, term.Value.GetString() ?? "");
            }
        }
        TermMap = termMap;
        intentWords = new Lazy<HashSet<string>>(IntentWords);
        ukrainianWords = new Lazy<HashSet<string>>(() =>
        {
            // A Ukrainian term spelled as its Russian word ("оплата", "доставка") tells nothing.
            var ukrainian = data.Terms.TryGetValue("uk", out var uk) && uk.ValueKind == JsonValueKind.Object
                ? uk.EnumerateObject().Where(t => t.Name != t.Value.GetString()).Select(t => t.Name)
                : [];
            var russian = data.Think["ru"].SelectMany(p => Words(p).Split(' ', StringSplitOptions.RemoveEmptyEntries)).Concat(data.StopWords.Where(w => !w.Any(c => c is 'і' or 'ї' or 'є')))
                .ToHashSet(StringComparer.Ordinal);
            return ukrainian.Concat(data.Think["uk"].SelectMany(p => Words(p).Split(' ', StringSplitOptions.RemoveEmptyEntries)))
                .Where(w => !russian.Contains(w)).ToHashSet(StringComparer.Ordinal);
        });
    }

    public static AssistantLexicon Default { get; } = Load();

    /// <summary>Words only Ukrainian uses (the lexicon's Ukrainian terms and think-it-over phrases), to tell it from Russian without і/ї/є/ґ.</summary>
    public bool IsUkrainianWord(string word) => ukrainianWords.Value.Contains(word);

    /// <summary>Ukrainian and English shop words → the Russian word of the knowledge base.</summary>
    public IReadOnlyDictionary<string, string> TermMap { get; }

    public IReadOnlySet<string> StopWords => stopWords ??= data.StopWords.ToHashSet(StringComparer.Ordinal);

    private HashSet<string>? stopWords;

    /// <summary>The message lower-cased, punctuation turned into spaces, words single-spaced, with a space at each end.</summary>
    public static string Words(string? text)
    {
        var builder = new StringBuilder(" ");
        foreach (var c in (text ?? "").ToLowerInvariant().Replace('ё', 'е'))
        {
            builder.Append(char.IsLetterOrDigit(c) || c is '\'' or 'ʼ' or '’' ? (c == '’' ? '\'' : c) : ' ');
        }
        return string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)) is { Length: > 0 } joined ? $" {joined} " : " ";
    }

    private static bool HasPhrase(string words, IEnumerable<string> phrases) =>
        phrases.Any(p => Words(p) is { Length: > 2 } phrase && words.Contains(phrase, StringComparison.Ordinal));

    /// <summary>
    /// True when the message says only "I'll think about it" (a think phrase of any language, with at most
    /// greetings and thanks around it): a reply that does not stop the second nudge.
    /// </summary>
    public bool IsOnlyThinking(string? text)
    {
        var words = Words(text);
        foreach (var phrase in data.Think.Values.SelectMany(p => p).Select(Words).Where(p => p.Length > 2).OrderByDescending(p => p.Length))
        {
            if (words.Contains(phrase, StringComparison.Ordinal))
            {
                var rest = words.Replace(phrase, " ", StringComparison.Ordinal);
                foreach (var polite in data.Thanks.Concat(data.Greetings).Concat(["ок", "ok", "хорошо", "добре", "пока", "поки", "ладно", "спасибо"]).Select(Words).OrderByDescending(p => p.Length))
                {
                    rest = rest.Replace(polite, " ", StringComparison.Ordinal);
                }
                return rest.Trim().Length == 0;
            }
        }
        return false;
    }

    public bool IsGreeting(string? text) => HasPhrase(Words(text), data.Greetings);

    public bool IsThanks(string? text) => HasPhrase(Words(text), data.Thanks);

    /// <summary>A short yes ("да", "так", "yes", "всё верно"): the message is at most four words and holds a confirmation.</summary>
    public bool IsConfirmation(string? text)
    {
        var words = Words(text);
        return words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 4 && HasPhrase(words, data.Confirm) && !IsDecline(text);
    }

    public bool IsDecline(string? text) => HasPhrase(Words(text), data.Decline);

    public bool WantsOrder(string? text) => HasPhrase(Words(text), data.Order);

    public bool WantsPhoto(string? text) => HasPhrase(Words(text), data.Photo);

    public bool AsksStock(string? text) => HasPhrase(Words(text), data.Stock);

    public bool MentionsSize(string? text) => HasPhrase(Words(text), data.SizeWords);

    /// <summary>Whether a single word belongs to an intent phrase (order, stock, photo, size, greeting, thanks, yes/no, think).</summary>
    public bool IsIntentWord(string word) => intentWords.Value.Contains(word);

    private HashSet<string> IntentWords() =>
        data.Order.Concat(data.Stock).Concat(data.Photo).Concat(data.SizeWords).Concat(data.Greetings).Concat(data.Thanks)
            .Concat(data.Confirm).Concat(data.Decline).Concat(data.Think.Values.SelectMany(p => p))
            .SelectMany(p => Words(p).Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The canonical colour ("black", "beige", …) a text names, or null.</summary>
    public string? ColorIn(string? text)
    {
        foreach (var word in Words(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (colorByWord.TryGetValue(word, out var color))
            {
                return color;
            }
        }
        return null;
    }

    /// <summary>An inventory colour cell as a canonical colour key, or its own lower-cased words when the lexicon does not know it.</summary>
    public string CanonicalColor(string cell) => ColorIn(cell) ?? Words(cell).Trim();

    /// <summary>A canonical colour in the client's language ("black" → "чёрный"); an unknown key is itself.</summary>
    public string ColorName(string color, string language) =>
        data.ColorNames.TryGetValue(language, out var names) && names.TryGetValue(color, out var name) ? name : color;

    /// <summary>A reply in <paramref name="language"/> (Russian when the language has none) with {placeholders} filled.</summary>
    public string Reply(string language, string key, params (string Name, string Value)[] values)
    {
        var replies = data.Replies.TryGetValue(language, out var own) && own.ContainsKey(key) ? own : data.Replies["ru"];
        var text = replies.TryGetValue(key, out var template) ? template : throw new InvalidOperationException($"The assistant lexicon has no reply '{key}'.");
        foreach (var (name, value) in values)
        {
            text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }
        return text;
    }

    public static string Money(decimal amount, string currency) =>
        amount.ToString("#,0.##", CultureInfo.InvariantCulture).Replace(",", " ", StringComparison.Ordinal) + " " + currency;

    private static AssistantLexicon Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("SalesCoach.Core.Assistant.Lexicons.assistant-lexicon.json")
            ?? throw new InvalidOperationException("The assistant lexicon resource is missing from SalesCoach.Core.");
        var data = JsonSerializer.Deserialize<AssistantLexiconData>(stream) ?? throw new InvalidOperationException("The assistant lexicon is empty.");
        return new AssistantLexicon(data);
    }
}
