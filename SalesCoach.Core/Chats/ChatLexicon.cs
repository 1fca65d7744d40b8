// Owns the chat lexicon (ru, uk, en as data): questions, intents, next steps, SPIN markers.
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

/// <summary>One language's words: question openers, client intents, next-step words, SPIN markers and example questions.</summary>
public sealed record LanguageLexicon(
    [property: JsonPropertyName("markers")] IReadOnlyList<string> Markers,
    [property: JsonPropertyName("question_starts")] IReadOnlyList<string> QuestionStarts,
    [property: JsonPropertyName("intents")] IReadOnlyDictionary<string, IReadOnlyList<string>> Intents,
    [property: JsonPropertyName("next_step")] IReadOnlyList<string> NextStep,
    [property: JsonPropertyName("spin")] IReadOnlyDictionary<string, IReadOnlyList<string>> Spin,
    [property: JsonPropertyName("examples")] IReadOnlyDictionary<string, IReadOnlyList<string>> Examples);

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
    }

    /// <summary>The lexicon shipped with SalesCoach (ru, uk, en).</summary>
    public static ChatLexicon Default { get; } = Load();

    public IEnumerable<string> Languages => languages.Keys;

    public static string DetectLanguage(string text) => Default.Detect(text);

    public string Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DetectLower(text.ToLowerInvariant());
    }

    private string DetectLower(string lowerText)
    {
        var lower = lowerText + " ";
        if (!lower.Any(c => c is >= 'а' and <= 'я' or 'ё' or 'і' or 'ї' or 'є' or 'ґ'))
        {
            return "en";
        }
        int Score(string language) => languages.TryGetValue(language, out var lexicon) ? lexicon.Markers.Count(m => lower.Contains(m, StringComparison.Ordinal)) : 0;
        return Score("uk") > Score("ru") ? "uk" : "ru";
    }

    public LanguageLexicon For(string language) =>
        languages.TryGetValue(language, out var lexicon) ? lexicon : languages["en"];

    public bool IsQuestion(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var lower = text.ToLowerInvariant();
        return IsQuestion(text, lower, For(DetectLower(lower)));
    }

    private static bool IsQuestion(string text, string lower, LanguageLexicon lexicon)
    {
        if (text.Contains('?', StringComparison.Ordinal))
        {
            return true;
        }
        var trimmed = lower.Trim();
        return lexicon.QuestionStarts.Any(start => trimmed.StartsWith(start, StringComparison.Ordinal));
    }

    public IReadOnlySet<ClientIntent> Intents(string? text)
    {
        var found = new HashSet<ClientIntent>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return found;
        }
        var lower = text.ToLowerInvariant();
        foreach (var (name, words) in For(Detect(text)).Intents)
        {
            if (words.Any(w => lower.Contains(w, StringComparison.Ordinal)) && Enum.TryParse<ClientIntent>(name, ignoreCase: true, out var intent))
            {
                found.Add(intent);
            }
        }
        return found;
    }

    public bool OffersNextStep(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var lower = text.ToLowerInvariant();
        return For(Detect(text)).NextStep.Any(w => lower.Contains(w, StringComparison.Ordinal));
    }

    /// <summary>
    /// The SPIN type of a manager's question, or null when the text is not a question. The most specific
    /// markers win (implication, need-payoff, problem); a question with no marker asks about the situation.
    /// </summary>
    public SpinType? Classify(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        // One lower-casing and one language guess serve both the question test and the markers.
        var lower = text.ToLowerInvariant();
        var lexicon = For(DetectLower(lower));
        if (!IsQuestion(text, lower, lexicon))
        {
            return null;
        }
        var spin = lexicon.Spin;
        foreach (var (name, type) in new[] { ("implication", SpinType.Implication), ("need_payoff", SpinType.NeedPayoff), ("problem", SpinType.Problem), ("situation", SpinType.Situation) })
        {
            if (spin.TryGetValue(name, out var markers) && markers.Any(m => lower.Contains(m, StringComparison.Ordinal)))
            {
                return type;
            }
        }
        return SpinType.Situation;
    }

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
