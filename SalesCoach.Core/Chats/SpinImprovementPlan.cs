// Owns SPIN improvement plans: a manager's mix against the target, with example questions.
namespace SalesCoach.Core.Chats;

public sealed record SpinGap(SpinType Type, double Share, double Target, IReadOnlyList<string> ExampleQuestions);

public sealed record SpinPlan(string ManagerId, string Language, SpinCounts Counts, IReadOnlyList<SpinGap> AskMoreOf);

/// <summary>
/// Seed 002's improvement plans: compare a manager's SPIN mix with a target mix and name the (at most
/// two) question types furthest below it, with example questions in the manager's own language.
/// </summary>
public sealed class SpinImprovementPlanner(ChatLexicon lexicon)
{
    /// <summary>A balanced mix: mostly situation and problem, with implication and need-payoff to move the deal.</summary>
    public static readonly IReadOnlyDictionary<SpinType, double> TargetMix = new Dictionary<SpinType, double>
    {
        [SpinType.Situation] = 0.3,
        [SpinType.Problem] = 0.3,
        [SpinType.Implication] = 0.2,
        [SpinType.NeedPayoff] = 0.2,
    };

    /// <summary>A gap smaller than this is noise, not a plan.</summary>
    public const double MinimumGap = 0.05;

    public SpinPlan Plan(string managerId, SpinCounts counts, IEnumerable<string?> managerTexts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var language = managerTexts.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => lexicon.Detect(t!))
            .GroupBy(l => l).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault() ?? "ru";
        var gaps = TargetMix
            .Select(target => (Type: target.Key, Share: counts.Share(target.Key), Target: target.Value))
            .Where(g => g.Target - g.Share >= MinimumGap)
            .OrderByDescending(g => g.Target - g.Share)
            .ThenBy(g => g.Type)
            .Take(2)
            .Select(g => new SpinGap(g.Type, Math.Round(g.Share, 3), g.Target, lexicon.Examples(language, g.Type)))
            .ToList();
        return new SpinPlan(managerId, language, counts, gaps);
    }
}
