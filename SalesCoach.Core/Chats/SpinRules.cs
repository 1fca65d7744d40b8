// Owns the SPIN rule engine: weighted patterns of question form and meaning, per language, as data.
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace SalesCoach.Core.Chats;

/// <summary>
/// One SPIN rule of a language: it adds <see cref="Weight"/> to <see cref="Label"/> when the question
/// matches at least one <see cref="Any"/> pattern (or the list is empty), every <see cref="All"/>
/// pattern and no <see cref="Not"/> pattern. Patterns are .NET regular expressions over the normalised
/// question (<see cref="ChatLexicon.Normalize"/>: lower case, ё as е, punctuation as spaces, a space at
/// each end). <see cref="Why"/> names the category of question the rule stands for.
/// </summary>
public sealed record SpinRule(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("weight")] double Weight,
    [property: JsonPropertyName("why")] string Why,
    [property: JsonPropertyName("any")] IReadOnlyList<string>? Any,
    [property: JsonPropertyName("all")] IReadOnlyList<string>? All,
    [property: JsonPropertyName("not")] IReadOnlyList<string>? Not);

/// <summary>The type a question got, its score per type and the rules that fired (for reports and tuning).</summary>
public sealed record SpinDecision(SpinType Type, IReadOnlyDictionary<SpinType, double> Scores, IReadOnlyList<SpinRule> Fired);

/// <summary>
/// A language's SPIN rules. Every rule that fires adds its weight to its type; the default type
/// (situation: a neutral question about facts) starts with a small head start, so a question no rule
/// speaks for asks about the situation. The highest score wins; on a tie the more specific type wins
/// (implication, then need-payoff, then problem, then situation), the order in which a question that
/// touches several stages still moves the sale furthest.
/// </summary>
public sealed class SpinRules
{
    private static readonly SpinType[] Precedence = [SpinType.Implication, SpinType.NeedPayoff, SpinType.Problem, SpinType.Situation];
    private readonly Lazy<Engine> engine;

    [JsonConstructor]
    public SpinRules(string @default, double defaultWeight, IReadOnlyList<SpinRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Default = @default;
        DefaultWeight = defaultWeight;
        Rules = rules;
        DefaultType = ParseLabel(@default);
        foreach (var rule in rules)
        {
            ParseLabel(rule.Label);
        }
        // Patterns compile on first use, so loading the lexicon stays cheap for callers that never classify.
        engine = new Lazy<Engine>(() => new Engine(rules));
    }

    [JsonPropertyName("default")]
    public string Default { get; }

    [JsonPropertyName("default_weight")]
    public double DefaultWeight { get; }

    [JsonPropertyName("rules")]
    public IReadOnlyList<SpinRule> Rules { get; }

    [JsonIgnore]
    public SpinType DefaultType { get; }

    /// <summary>Scores a normalised question (see <see cref="ChatLexicon.Normalize"/> with ё folded).</summary>
    public SpinDecision Decide(string normalized) => Decide(normalized, prefilter: true);

    /// <summary>Without the prefilter every rule runs its expressions: the same decision, slower (tests compare the two).</summary>
    internal SpinDecision Decide(string normalized, bool prefilter)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        Span<double> scores = stackalloc double[ScoreSlots];
        var fired = new List<SpinRule>();
        var best = Score(normalized, prefilter, scores, fired);
        var byType = new Dictionary<SpinType, double>
        {
            [SpinType.Situation] = scores[(int)SpinType.Situation],
            [SpinType.Problem] = scores[(int)SpinType.Problem],
            [SpinType.Implication] = scores[(int)SpinType.Implication],
            [SpinType.NeedPayoff] = scores[(int)SpinType.NeedPayoff],
        };
        return new SpinDecision(best, byType, fired);
    }

    /// <summary>The type alone, as <see cref="Decide(string)"/> decides it, without recording scores and fired rules (the hot path of reports).</summary>
    public SpinType DecideType(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        Span<double> scores = stackalloc double[ScoreSlots];
        return Score(normalized, prefilter: true, scores, fired: null);
    }

    private const int ScoreSlots = 4;

    private SpinType Score(string normalized, bool prefilter, Span<double> scores, List<SpinRule>? fired)
    {
        scores[(int)DefaultType] += DefaultWeight;
        var engine = this.engine.Value;
        var rules = engine.Rules;
        // [0, n): the rule can match; [n, 2n): one of its alternatives that is a plain string is in the question.
        Span<bool> marks = rules.Length <= 128 ? stackalloc bool[2 * rules.Length] : new bool[2 * rules.Length];
        engine.Candidates(normalized, prefilter, marks);
        for (var r = 0; r < rules.Length; r++)
        {
            var rule = rules[r];
            // The literal prefilter only skips rules that cannot match, or that match already by a plain
            // string found; otherwise the regular expressions decide.
            if (marks[r]
                && (rule.Any is null || marks[rules.Length + r] || rule.Any.IsMatch(normalized))
                && AllMatch(rule.All, normalized)
                && (rule.Not is null || !rule.Not.IsMatch(normalized)))
            {
                scores[(int)rule.Type] += rule.Rule.Weight;
                fired?.Add(rule.Rule);
            }
        }
        var best = Precedence[0];
        foreach (var type in Precedence)
        {
            if (scores[(int)type] > scores[(int)best])
            {
                best = type;
            }
        }
        return best;
    }

    private static bool AllMatch(Regex[] patterns, string text)
    {
        foreach (var pattern in patterns)
        {
            if (!pattern.IsMatch(text))
            {
                return false;
            }
        }
        return true;
    }

    public static SpinType ParseLabel(string label) => label switch
    {
        "situation" => SpinType.Situation,
        "problem" => SpinType.Problem,
        "implication" => SpinType.Implication,
        "need_payoff" => SpinType.NeedPayoff,
        _ => throw new InvalidOperationException($"The chat lexicon has an unknown SPIN label '{label}'."),
    };

    /// <param name="Literals">One of these is in every question the rule's "any" patterns match (null: no such list, the rule always runs).</param>
    /// <param name="Exact">Alternatives of "any" that are plain strings: finding one is a match, no expression needed.</param>
    private sealed record Compiled(SpinRule Rule, SpinType Type, IReadOnlyList<string>? Literals, IReadOnlyList<string> Exact, Regex? Any, Regex[] All, Regex? Not);

    /// <summary>
    /// The compiled rules and a trie of their required literals: one walk over the question marks the
    /// rules that can match at all, so only a handful of regular expressions run per question.
    /// </summary>
    private sealed class Engine
    {
        private readonly Compiled[] rules;
        private readonly bool[] unfiltered;
        private readonly LiteralTrie literals;

        public Engine(IReadOnlyList<SpinRule> source)
        {
            rules = source.Select(Compile).ToArray();
            unfiltered = rules.Select(r => r.Literals is null).ToArray();
            literals = new LiteralTrie(rules.SelectMany((rule, r) => (rule.Literals ?? []).Select(literal => (literal, r))
                .Concat(rule.Literals is null ? [] : rule.Exact.Select(literal => (literal, rules.Length + r)))));
        }

        public Compiled[] Rules => rules;

        /// <summary>
        /// Marks in <paramref name="marks"/>[r] the rules that can match <paramref name="text"/> (all of them without
        /// the prefilter) and in <paramref name="marks"/>[n + r] those whose "any" matches by a plain string found.
        /// </summary>
        public void Candidates(string text, bool prefilter, Span<bool> marks)
        {
            if (!prefilter)
            {
                marks[..rules.Length].Fill(true);
                return;
            }
            unfiltered.CopyTo(marks);
            literals.Mark(text, marks);
        }
    }

    private static Compiled Compile(SpinRule rule) => new(
        rule,
        ParseLabel(rule.Label),
        rule.Any is { Count: > 0 } literals ? RequiredLiterals(literals) : null,
        rule.Any is { Count: > 0 } alternatives ? ExactLiterals(alternatives) : [],
        rule.Any is { Count: > 0 } any ? Alternation(any) : null,
        (rule.All ?? []).Select(Expression).ToArray(),
        rule.Not is { Count: > 0 } not ? Alternation(not) : null);

    /// <summary>
    /// One regular expression for a list of alternatives: one scan of the question instead of one per pattern.
    /// Look-behinds are moved past the first character (<see cref="HoistLookBehind"/>) so that every
    /// alternative starts with a literal and the engine can jump between candidate positions.
    /// </summary>
    private static Regex Alternation(IReadOnlyList<string> patterns) =>
        Expression(string.Join('|', patterns.SelectMany(TopLevelAlternatives).Select(p => $"(?:{HoistLookBehind(p)})")));

    /// <summary>
    /// "(?&lt;!без) сбо" → " (?&lt;!(?:без) )сбо": a look-behind before a literal character c asks the same of
    /// the text before c as a look-behind on (its body)c asks after it. The same matches, but the pattern
    /// now starts with c, which a search can look for; an alternation that starts with a look-behind is
    /// tried at every position of the question. Patterns that do not start so are returned as they are.
    /// </summary>
    public static string HoistLookBehind(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (LeadingLookBehinds(pattern, 0, out var i) is not { } behinds || behinds.Count == 0 || i >= pattern.Length || IsMeta(pattern[i]) || (i + 1 < pattern.Length && IsQuantifier(pattern[i + 1])))
        {
            return pattern;
        }
        var c = pattern[i];
        return c + string.Concat(behinds.Select(b => $"{b.Kind}(?:{b.Body}){c})")) + pattern[(i + 1)..];
    }

    /// <summary>
    /// The look-behinds at <paramref name="start"/> of a pattern, each as its kind ("(?&lt;!" or "(?&lt;=") and body;
    /// <paramref name="end"/> is where what follows them starts. Null when one is not closed.
    /// </summary>
    private static List<(string Kind, string Body)>? LeadingLookBehinds(string pattern, int start, out int end)
    {
        var behinds = new List<(string Kind, string Body)>();
        end = start;
        while (pattern.AsSpan(end).StartsWith("(?<!") || pattern.AsSpan(end).StartsWith("(?<="))
        {
            var close = Closing(pattern, end);
            if (close < 0)
            {
                return null;
            }
            behinds.Add((pattern[end..(end + 4)], pattern[(end + 4)..close]));
            end = close + 1;
        }
        return behinds;
    }

    private static Regex Expression(string pattern) => new(pattern, Options, MatchTimeout);

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;

    /// <summary>
    /// No timeout: the patterns are the lexicon's own (no nested unbounded repeats) and questions are cut
    /// to <see cref="ChatLexicon.MaxSpinLength"/> characters, so matching time is bounded by the text; a
    /// timeout would only make a loaded machine label the same question differently.
    /// </summary>
    private static readonly TimeSpan MatchTimeout = Regex.InfiniteMatchTimeout;

    /// <summary>
    /// Strings one of which every match of the patterns contains (read off the start of each alternative:
    /// " сказыва", " (теря|потер)" → " теря", " потер"),  so one walk over the question rules out most
    /// rules before any regular expression runs. Null when some alternative starts with nothing
    /// literal of at least three characters; that rule always runs its expression.
    /// </summary>
    public static IReadOnlyList<string>? RequiredLiterals(IReadOnlyList<string> patterns)
    {
        var literals = new List<string>();
        foreach (var alternative in patterns.SelectMany(TopLevelAlternatives))
        {
            if (LeadingLiterals(alternative) is not { } found)
            {
                return null;
            }
            literals.AddRange(found);
        }
        return literals.Count == 0 ? null : literals.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The strings that are whole alternatives of the patterns (" (по)?влия" → " повлия", " влия"): containing one is a match.</summary>
    public static IReadOnlyList<string> ExactLiterals(IReadOnlyList<string> patterns)
    {
        var exact = new List<string>();
        foreach (var alternative in patterns.SelectMany(TopLevelAlternatives))
        {
            if (LeadingLiterals(alternative, out var whole) is { } found && whole)
            {
                exact.AddRange(found);
            }
        }
        return exact.Distinct(StringComparer.Ordinal).ToList();
    }

    internal static List<string>? LeadingLiterals(string pattern) => LeadingLiterals(pattern, out _);

    /// <param name="exact">The strings returned are all the pattern matches: it is read to its end, with no anchor, condition or repeat.</param>
    internal static List<string>? LeadingLiterals(string pattern, out bool exact)
    {
        List<string> prefixes = [""];
        var i = 0;
        exact = false;
        var conditional = false;
        if (pattern.StartsWith('^'))
        {
            i = 1;
            conditional = true;
        }
        // A look-behind at the start is zero-width: the match still starts with what follows it.
        if (LeadingLookBehinds(pattern, i, out i) is not { } behinds)
        {
            return null;
        }
        conditional |= behinds.Count > 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (!IsMeta(c))
            {
                if (i + 1 < pattern.Length && IsQuantifier(pattern[i + 1]))
                {
                    break;
                }
                prefixes = prefixes.Select(p => p + c).ToList();
                i++;
                continue;
            }
            if (c != '(' || (i + 1 < pattern.Length && pattern[i + 1] == '?'))
            {
                break;
            }
            var end = Closing(pattern, i);
            if (end < 0)
            {
                break;
            }
            var quantifier = end + 1 < pattern.Length ? pattern[end + 1] : '\0';
            if (quantifier is '*' or '{' or '+')
            {
                break;
            }
            var whole = true;
            var next = new List<string>();
            foreach (var branch in TopLevelAlternatives(pattern[(i + 1)..end]))
            {
                var literal = LeadingLiteral(branch, out var complete);
                whole &= complete;
                next.AddRange(prefixes.Select(p => p + literal));
            }
            if (quantifier == '?')
            {
                next.AddRange(prefixes);
            }
            prefixes = next;
            i = end + 1 + (quantifier == '?' ? 1 : 0);
            if (!whole)
            {
                conditional = true; // the group goes on past its literal start: more than these strings
                break;
            }
        }
        exact = i == pattern.Length && !conditional;
        return prefixes.All(p => p.Length >= 3) ? prefixes : null;
    }

    /// <summary>The literal start of a pattern with no groups read into; <paramref name="complete"/> when that is all of it.</summary>
    private static string LeadingLiteral(string pattern, out bool complete)
    {
        var i = 0;
        while (i < pattern.Length && !IsMeta(pattern[i]) && !(i + 1 < pattern.Length && IsQuantifier(pattern[i + 1])))
        {
            i++;
        }
        complete = i == pattern.Length;
        return pattern[..i];
    }

    private static IEnumerable<string> TopLevelAlternatives(string pattern)
    {
        var start = 0;
        foreach (var (i, c, depth) in Structure(pattern, 0))
        {
            if (c == '|' && depth == 0)
            {
                yield return pattern[start..i];
                start = i + 1;
            }
        }
        yield return pattern[start..];
    }

    /// <summary>The index of the parenthesis closing the group opened at <paramref name="open"/>, or -1.</summary>
    private static int Closing(string pattern, int open)
    {
        foreach (var (i, c, depth) in Structure(pattern, open))
        {
            if (c == ')' && depth == 1)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// The characters of a pattern from <paramref name="from"/> that are not escaped and not inside a character
    /// class, each with the group depth before it (counted from <paramref name="from"/>).
    /// </summary>
    private static IEnumerable<(int Index, char Char, int Depth)> Structure(string pattern, int from)
    {
        var depth = 0;
        var inClass = false;
        for (var i = from; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                i++;
            }
            else if (inClass)
            {
                inClass = c != ']';
            }
            else if (c == '[')
            {
                inClass = true;
            }
            else
            {
                yield return (i, c, depth);
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            }
        }
    }

    private static bool IsMeta(char c) => c is '\\' or '(' or ')' or '[' or ']' or '{' or '}' or '|' or '?' or '*' or '+' or '.' or '^' or '$';

    private static bool IsQuantifier(char c) => c is '?' or '*' or '{' or '+';
}
