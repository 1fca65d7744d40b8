// Owns the chat lexicon (ru, uk, en as data): questions, intents, next steps, SPIN rules.
using System.Buffers;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SalesCoach.Core.Chats;

public enum SpinType
{
    Situation,
    Problem,
    Implication,
    NeedPayoff,
}

public enum ClientIntent
{
    Price,
    Availability,
    Buying,
}

/// <summary>One language's words: question openers, client intents, next-step words, SPIN rules and example questions.</summary>
public sealed record LanguageLexicon(
    [property: JsonPropertyName("markers")] IReadOnlyList<string> Markers,
    [property: JsonPropertyName("question_starts")] IReadOnlyList<string> QuestionStarts,
    [property: JsonPropertyName("intents")] IReadOnlyDictionary<string, IReadOnlyList<string>> Intents,
    [property: JsonPropertyName("next_step")] IReadOnlyList<string> NextStep,
    [property: JsonPropertyName("spin")] SpinRules Spin,
    [property: JsonPropertyName("examples")] IReadOnlyDictionary<string, IReadOnlyList<string>> Examples);

/// <summary>
/// A text read once for every lexicon test: its lexicon form (<see cref="ChatLexicon.Normalize"/>, ё kept)
/// and the lexicon of its language. Reading costs a normalisation and a language guess; the tests on a
/// read text cost neither again (<see cref="ChatAdvisor"/> reads each message once for all its rules).
/// </summary>
public readonly record struct LexiconText(string Text, string Normalized, LanguageLexicon Lexicon);

/// <summary>
/// Question, intent, next-step and SPIN detection driven by <c>Lexicons/chat-lexicon.json</c>: a
/// language is data. The language of a Cyrillic text is the one whose markers (letters and words that
/// tell uk from ru) it matches most, Russian on a tie; a Latin text is English.
/// </summary>
public sealed class ChatLexicon
{
    private readonly IReadOnlyDictionary<string, LanguageLexicon> languages;

    public ChatLexicon(IReadOnlyDictionary<string, LanguageLexicon> languages)
    {
        ArgumentNullException.ThrowIfNull(languages);
        this.languages = languages;
        markers = new Lazy<(LiteralTrie, int, int)>(BuildMarkers);
    }

    /// <summary>The lexicon shipped with SalesCoach (ru, uk, en).</summary>
    public static ChatLexicon Default { get; } = Load();

    public IEnumerable<string> Languages => languages.Keys;

    public static string DetectLanguage(string text) => Default.Detect(text);

    public string Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DetectNormalized(Normalize(text, foldYo: false));
    }

    private string DetectNormalized(string normalized)
    {
        // Every letter of the set lies in а..ґ: a text with none in that range (most Latin ones) needs no closer look.
        var first = normalized.AsSpan().IndexOfAnyInRange('а', 'ґ');
        if (first < 0 || normalized.AsSpan(first).IndexOfAny(Cyrillic) < 0)
        {
            return "en";
        }
        var (trie, ru, uk) = markers.Value;
        Span<bool> found = stackalloc bool[ru + uk];
        trie.Mark(normalized, found);
        return found[ru..].Count(true) > found[..ru].Count(true) ? "uk" : "ru";
    }

    private static readonly SearchValues<char> Cyrillic = SearchValues.Create("абвгдежзийклмнопрстуфхцчшщъыьэюяёіїєґ");

    /// <summary>One trie of the Russian markers (ids 0..ru-1) and the Ukrainian ones (ids ru..ru+uk-1): one walk scores both languages.</summary>
    private readonly Lazy<(LiteralTrie Trie, int Ru, int Uk)> markers;

    private (LiteralTrie, int, int) BuildMarkers()
    {
        var ru = languages.TryGetValue("ru", out var russian) ? russian.Markers : [];
        var uk = languages.TryGetValue("uk", out var ukrainian) ? ukrainian.Markers : [];
        return (new LiteralTrie(ru.Select((m, i) => (m, i)).Concat(uk.Select((m, i) => (m, ru.Count + i)))), ru.Count, uk.Count);
    }

    /// <summary>
    /// The form every lexicon entry is matched against: lower case, typographic apostrophes as ', every
    /// other character that is not a letter, digit, ' or - as a space, runs of spaces as one, and one
    /// space at each end (so " как " is the whole word). SPIN rules also read ё as е.
    /// </summary>
    public static string Normalize(string text, bool foldYo)
    {
        ArgumentNullException.ThrowIfNull(text);
        char[]? rented = null;
        var buffer = text.Length + 2 <= 512 ? stackalloc char[text.Length + 2] : (rented = ArrayPool<char>.Shared.Rent(text.Length + 2));
        try
        {
            var length = 0;
            buffer[length++] = ' ';
            foreach (var raw in text)
            {
                var c = Fold(raw, foldYo);
                if (c != ' ' || buffer[length - 1] != ' ')
                {
                    buffer[length++] = c;
                }
            }
            if (buffer[length - 1] != ' ')
            {
                buffer[length++] = ' ';
            }
            return new string(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Reads a text once for <see cref="IsQuestion(in LexiconText)"/>, <see cref="HasIntent"/>, <see cref="OffersNextStep(in LexiconText)"/> and <see cref="Classify(in LexiconText)"/>.</summary>
    public LexiconText Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = Normalize(text, foldYo: false);
        return new LexiconText(text, normalized, For(DetectNormalized(normalized)));
    }

    public static bool IsQuestion(in LexiconText text) => !string.IsNullOrWhiteSpace(text.Text) && IsQuestion(text.Text, text.Normalized, text.Lexicon);

    /// <summary>Whether the text shows any client intent (the same test as <see cref="Intents(string?)"/> having any).</summary>
    public static bool HasIntent(in LexiconText text)
    {
        foreach (var (name, words) in text.Lexicon.Intents)
        {
            foreach (var word in words)
            {
                if (text.Normalized.Contains(word, StringComparison.Ordinal))
                {
                    if (Enum.TryParse<ClientIntent>(name, ignoreCase: true, out _))
                    {
                        return true;
                    }
                    break;
                }
            }
        }
        return false;
    }

    public static bool OffersNextStep(in LexiconText text)
    {
        var words = text.Lexicon.NextStep;
        for (var i = 0; i < words.Count; i++)
        {
            if (text.Normalized.Contains(words[i], StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The same as <see cref="Classify(string?)"/> on a text already read.</summary>
    public SpinType? Classify(in LexiconText text) =>
        !string.IsNullOrWhiteSpace(text.Text) && SpinInput(text.Text, text) is { } read ? read.Lexicon.Spin.DecideType(Folded(read.Normalized)) : null;

    /// <summary>
    /// What the SPIN rules read of a text: its first <see cref="MaxSpinLength"/> characters, read once for both
    /// the question test and the rules (<paramref name="read"/>, when given, is the whole text already read);
    /// null when the text is not a question.
    /// </summary>
    private LexiconText? SpinInput(string text, LexiconText? read)
    {
        var spin = text.Length > MaxSpinLength ? Read(text[..MaxSpinLength]) : read ?? Read(text);
        return IsQuestion(text, spin.Normalized, spin.Lexicon) ? spin : null;
    }

    private static string Folded(string normalized) => normalized.Contains('ё', StringComparison.Ordinal) ? normalized.Replace('ё', 'е') : normalized;

    /// <summary>
    /// One character in lexicon form: lower case, apostrophes as ', ё as е when asked, anything but a letter,
    /// digit, ' or - as a space. Latin and basic Cyrillic (the chats' usual letters) take a short path with
    /// the same result as <see cref="char.ToLowerInvariant"/> and <see cref="char.IsLetterOrDigit(char)"/>.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static char Fold(char raw, bool foldYo)
    {
        if (raw < 0x80)
        {
            return raw is >= 'A' and <= 'Z' ? (char)(raw + 32)
                : char.IsAsciiLetterOrDigit(raw) || raw is '\'' or '-' ? raw
                : raw == '`' ? '\''
                : ' ';
        }
        if (raw is >= '\u0400' and < '\u0460')
        {
            // Ѐ–Џ → ѐ–џ, А–Я → а–я; а–я and ѐ–џ are lower case already; all are letters.
            var lower = raw < '\u0410' ? (char)(raw + 0x50) : raw < '\u0430' ? (char)(raw + 0x20) : raw;
            return lower == 'ё' && foldYo ? 'е' : lower;
        }
        return FoldOther(raw, foldYo);
    }

    /// <summary><see cref="Fold"/> for characters outside ASCII and basic Cyrillic.</summary>
    private static char FoldOther(char raw, bool foldYo)
    {
        var c = char.ToLowerInvariant(raw);
        c = c switch
        {
            '’' or 'ʼ' or '`' or '‘' or '´' => '\'',
            'ё' when foldYo => 'е',
            _ => c,
        };
        return char.IsLetterOrDigit(c) || c is '\'' or '-' ? c : ' ';
    }

    public LanguageLexicon For(string language) =>
        languages.TryGetValue(language, out var lexicon) ? lexicon : languages["en"];

    public bool IsQuestion(string? text) => !string.IsNullOrWhiteSpace(text) && IsQuestion(Read(text));

    private static bool IsQuestion(string text, string normalized, LanguageLexicon lexicon)
    {
        if (text.Contains('?', StringComparison.Ordinal))
        {
            return true;
        }
        var start = normalized.AsSpan(1);
        var openers = lexicon.QuestionStarts;
        for (var i = 0; i < openers.Count; i++)
        {
            if (start.StartsWith(openers[i], StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    public IReadOnlySet<ClientIntent> Intents(string? text)
    {
        var found = new HashSet<ClientIntent>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return found;
        }
        var normalized = Normalize(text, foldYo: false);
        foreach (var (name, words) in For(DetectNormalized(normalized)).Intents)
        {
            if (words.Any(w => normalized.Contains(w, StringComparison.Ordinal)) && Enum.TryParse<ClientIntent>(name, ignoreCase: true, out var intent))
            {
                found.Add(intent);
            }
        }
        return found;
    }

    public bool OffersNextStep(string? text) => !string.IsNullOrWhiteSpace(text) && OffersNextStep(Read(text));

    /// <summary>
    /// The SPIN type of a manager's question, or null when the text is not a question: the type whose
    /// rules in the question's language score highest (see <see cref="SpinRules"/>).
    /// </summary>
    public SpinType? Classify(string? text) => Explain(text)?.Type;

    /// <summary>SPIN rules read at most this many characters of a message (a question is far shorter; a long message is not all one question).</summary>
    public const int MaxSpinLength = 1000;

    /// <summary>The SPIN type of a question with the rules that decided it, or null when the text is not a question.</summary>
    public SpinDecision? Explain(string? text) =>
        !string.IsNullOrWhiteSpace(text) && SpinInput(text, null) is { } read ? read.Lexicon.Spin.Decide(Folded(read.Normalized)) : null;

    public IReadOnlyList<string> Examples(string language, SpinType type) =>
        For(language).Examples.TryGetValue(SpinKey(type), out var examples) ? examples : [];

    public static string SpinKey(SpinType type) => type switch
    {
        SpinType.NeedPayoff => "need_payoff",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static ChatLexicon Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("SalesCoach.Core.Chats.Lexicons.chat-lexicon.json")
            ?? throw new InvalidOperationException("The chat lexicon resource is missing from SalesCoach.Core.");
        using var document = JsonDocument.Parse(stream);
        var languages = document.RootElement.GetProperty("languages").Deserialize<Dictionary<string, LanguageLexicon>>()
            ?? throw new InvalidOperationException("The chat lexicon has no languages.");
        return new ChatLexicon(languages);
    }
}
