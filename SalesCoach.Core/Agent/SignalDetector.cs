// Owns detecting sales signals in a client's message from the intervention lexicon (ru, uk, en as data).
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SalesCoach.Core.Agent;

public enum Signal
{
    PriceObjection,
    Competitor,
    BuyingSignal,
    MeetingScheduled,
    /// <summary>Not in the text: the client's open deal is large (see <see cref="AgentOptions.HighValueBudget"/>).</summary>
    HighValue,
}

/// <summary>What one message shows: its signals and, when a named competitor was mentioned, which.</summary>
public sealed record Detection(IReadOnlySet<Signal> Signals, string? Competitor)
{
    public static Detection None { get; } = new(new HashSet<Signal>(), null);
}

/// <summary>The manager-facing words for one signal in one language.</summary>
public sealed record InterventionText(string Title, string Message, string SuggestedResponse);

/// <summary>What the agent says about a signal: its playbook, urgency and texts per language.</summary>
public sealed record InterventionTemplate(string Playbook, RecommendationUrgency Urgency, IReadOnlyDictionary<string, InterventionText> Texts)
{
    public InterventionText For(string language) =>
        Texts.TryGetValue(language, out var text) ? text : Texts.TryGetValue("en", out var en) ? en : Texts.Values.First();
}

/// <summary>
/// Signals in a client's message, driven by <c>Lexicons/intervention-lexicon.json</c>: the message is
/// lower-cased (ё read as е, every apostrophe as '), then each signal fires when one of its patterns
/// matches (or every group of its "all" patterns does) and none of its "unless" patterns does. Every
/// language's patterns apply to every message, since clients mix languages, transliterate and write surzhyk.
/// </summary>
public sealed class SignalDetector
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);
    private readonly IReadOnlyDictionary<Signal, Rule> rules;
    private readonly IReadOnlyList<Regex> competitors;

    private SignalDetector(IReadOnlyDictionary<Signal, Rule> rules, IReadOnlyList<Regex> competitors, IReadOnlyDictionary<Signal, InterventionTemplate> templates)
    {
        this.rules = rules;
        this.competitors = competitors;
        Templates = templates;
    }

    /// <summary>The lexicon shipped with SalesCoach.</summary>
    public static SignalDetector Default { get; } = Load([]);

    public IReadOnlyDictionary<Signal, InterventionTemplate> Templates { get; }

    /// <summary>The shipped lexicon plus more competitor names (plain names, matched from a word start).</summary>
    public static SignalDetector Load(IEnumerable<string> extraCompetitors)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("SalesCoach.Core.Agent.Lexicons.intervention-lexicon.json")
            ?? throw new InvalidOperationException("The intervention lexicon resource is missing from SalesCoach.Core.");
        using var document = JsonDocument.Parse(stream);
        return Parse(document.RootElement, extraCompetitors);
    }

    public static SignalDetector Parse(JsonElement root, IEnumerable<string> extraCompetitors)
    {
        var rules = new Dictionary<Signal, Rule>();
        foreach (var signal in root.GetProperty("signals").EnumerateObject())
        {
            var any = signal.Value.TryGetProperty("any", out var anyPatterns) ? Patterns(anyPatterns) : [];
            var all = signal.Value.TryGetProperty("all", out var groups) ? groups.EnumerateArray().Select(Patterns).ToList() : [];
            var unless = signal.Value.TryGetProperty("unless", out var unlessPatterns) ? Patterns(unlessPatterns) : [];
            rules[SignalOf(signal.Name)] = new Rule(any, all, unless);
        }
        var competitors = root.GetProperty("competitors").EnumerateArray().Select(c => c.GetString()!)
            .Concat(extraCompetitors.Where(n => n.Length > 0).Select(n => Regex.Escape(Normalize(n))))
            .Select(p => new Regex("(?<!\\w)" + p, RegexOptions.CultureInvariant, MatchTimeout)).ToList();
        var templates = new Dictionary<Signal, InterventionTemplate>();
        foreach (var template in root.GetProperty("interventions").EnumerateObject())
        {
            var texts = new Dictionary<string, InterventionText>(StringComparer.Ordinal);
            foreach (var language in template.Value.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
            {
                texts[language.Name] = new InterventionText(
                    language.Value.GetProperty("title").GetString()!, language.Value.GetProperty("message").GetString()!, language.Value.GetProperty("suggested_response").GetString()!);
            }
            var urgency = Enum.Parse<RecommendationUrgency>(template.Value.GetProperty("urgency").GetString()!, ignoreCase: true);
            templates[SignalOf(template.Name)] = new InterventionTemplate(template.Value.GetProperty("playbook").GetString()!, urgency, texts);
        }
        return new SignalDetector(rules, competitors, templates);
    }

    public Detection Detect(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Detection.None;
        }
        var normalized = Normalize(text);
        var found = new HashSet<Signal>();
        string? competitor = null;
        foreach (var (signal, rule) in rules)
        {
            var hit = rule.Any.Any(p => p.IsMatch(normalized)) || (rule.All.Count > 0 && rule.All.All(group => group.Any(p => p.IsMatch(normalized))));
            if (signal == Signal.Competitor && competitors.Select(p => p.Match(normalized)).FirstOrDefault(m => m.Success) is { } named)
            {
                hit = true;
                competitor = NameAt(text, normalized, named);
            }
            if (hit && !rule.Unless.Any(p => p.IsMatch(normalized)))
            {
                found.Add(signal);
            }
        }
        return new Detection(found, found.Contains(Signal.Competitor) ? competitor : null);
    }

    /// <summary>Lower case, ё as е, one kind of apostrophe, single spaces.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }
            if (space && builder.Length > 0)
            {
                builder.Append(' ');
            }
            space = false;
            builder.Append(c switch
            {
                'ё' => 'е',
                '’' or 'ʼ' or '`' or '′' or '‘' => '\'',
                _ => c,
            });
        }
        return builder.ToString();
    }

    public static string WireName(Signal signal) => Platform.Json.Name(signal.ToString());

    private static Signal SignalOf(string name) =>
        Platform.Json.TryParseName<Signal>(name, out var signal) ? signal : throw new InvalidOperationException($"The intervention lexicon names an unknown signal '{name}'.");

    // The competitor as the client wrote it: the matched word of the original text (whitespace folding keeps positions close enough to find it again).
    private static string NameAt(string original, string normalized, Match match)
    {
        var end = match.Index + match.Length;
        while (end < normalized.Length && char.IsLetterOrDigit(normalized[end]))
        {
            end++;
        }
        var word = normalized[match.Index..end];
        var at = original.IndexOf(word, StringComparison.OrdinalIgnoreCase);
        return at >= 0 ? original.Substring(at, word.Length) : word;
    }

    private static List<Regex> Patterns(JsonElement byLanguage) =>
        [.. byLanguage.EnumerateObject().SelectMany(language => language.Value.EnumerateArray())
            .Select(p => new Regex(p.GetString()!, RegexOptions.CultureInvariant, MatchTimeout))];

    private sealed record Rule(IReadOnlyList<Regex> Any, IReadOnlyList<List<Regex>> All, IReadOnlyList<Regex> Unless);
}
