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
    private readonly Lazy<Compiled[]> compiled;

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
        compiled = new Lazy<Compiled[]>(() => rules.Select(Compile).ToArray());
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
    public SpinDecision Decide(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        var scores = new Dictionary<SpinType, double> { [SpinType.Situation] = 0, [SpinType.Problem] = 0, [SpinType.Implication] = 0, [SpinType.NeedPayoff] = 0 };
        scores[DefaultType] += DefaultWeight;
        var fired = new List<SpinRule>();
        foreach (var rule in compiled.Value)
        {
            if ((rule.Any is null || rule.Any.IsMatch(normalized))
                && rule.All.All(p => p.IsMatch(normalized))
                && (rule.Not is null || !rule.Not.IsMatch(normalized)))
            {
                scores[rule.Type] += rule.Rule.Weight;
                fired.Add(rule.Rule);
            }
        }
        var best = Precedence[0];
        foreach (var type in Precedence)
        {
            if (scores[type] > scores[best])
            {
                best = type;
            }
        }
        return new SpinDecision(best, scores, fired);
    }

    public static SpinType ParseLabel(string label) => label switch
    {
        "situation" => SpinType.Situation,
        "problem" => SpinType.Problem,
        "implication" => SpinType.Implication,
        "need_payoff" => SpinType.NeedPayoff,
        _ => throw new InvalidOperationException($"The chat lexicon has an unknown SPIN label '{label}'."),
    };

    private sealed record Compiled(SpinRule Rule, SpinType Type, Regex? Any, Regex[] All, Regex? Not);

    private static Compiled Compile(SpinRule rule) => new(
        rule,
        ParseLabel(rule.Label),
        rule.Any is { Count: > 0 } any ? Alternation(any) : null,
        (rule.All ?? []).Select(p => new Regex(p, Options, MatchTimeout)).ToArray(),
        rule.Not is { Count: > 0 } not ? Alternation(not) : null);

    /// <summary>One regular expression for a list of alternatives: one scan of the question instead of one per pattern.</summary>
    private static Regex Alternation(IReadOnlyList<string> patterns) =>
        new(string.Join('|', patterns.Select(p => $"(?:{p})")), Options, MatchTimeout);

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;

    /// <summary>Questions are short; a pattern that runs this long is a defect in the lexicon, not a slow question.</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
}
