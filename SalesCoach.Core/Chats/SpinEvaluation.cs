// Owns the measurement of SPIN classifiers on a labelled corpus: accuracy per language and label, confusion matrix.
using System.Globalization;
using System.Text;

namespace SalesCoach.Core.Chats;

/// <summary>One labelled question of a SPIN corpus (see SalesCoach.Tests/Chats/Spin/README.md for the format).</summary>
public sealed record SpinCorpusRow(int Id, string Language, SpinType Label, string Split, string Question);

/// <summary>Reads a SPIN corpus: tab-separated <c>id lang label split question</c> with that header.</summary>
public static class SpinCorpus
{
    public const string Header = "id\tlang\tlabel\tsplit\tquestion";

    /// <summary>The rows of a corpus file; a malformed line throws <see cref="FormatException"/> naming its line number.</summary>
    public static IReadOnlyList<SpinCorpusRow> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines[0] != Header)
        {
            throw new FormatException($"line 1: the header must be '{Header.Replace("\t", "<tab>", StringComparison.Ordinal)}'");
        }
        var rows = new List<SpinCorpusRow>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }
            var cells = lines[i].Split('\t');
            if (cells.Length != 5 || !int.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || cells[1] is not ("ru" or "uk" or "en") || cells[3] is not ("dev" or "heldout") || string.IsNullOrWhiteSpace(cells[4]))
            {
                throw new FormatException($"line {i + 1}: expected id, lang (ru|uk|en), label, split (dev|heldout) and a question separated by tabs");
            }
            SpinType label;
            try
            {
                label = SpinRules.ParseLabel(cells[2]);
            }
            catch (InvalidOperationException)
            {
                throw new FormatException($"line {i + 1}: unknown label '{cells[2]}'");
            }
            rows.Add(new SpinCorpusRow(id, cells[1], label, cells[3], cells[4]));
        }
        return rows;
    }
}

/// <summary>Accuracy of SPIN predictions against corpus labels: overall, per language, per label, and the confusion matrix.</summary>
public sealed class SpinScore
{
    private static readonly SpinType[] Types = [SpinType.Situation, SpinType.Problem, SpinType.Implication, SpinType.NeedPayoff];
    private readonly List<(SpinCorpusRow Row, SpinType? Predicted)> results = [];

    public void Add(SpinCorpusRow row, SpinType? predicted)
    {
        ArgumentNullException.ThrowIfNull(row);
        results.Add((row, predicted));
    }

    public int Count => results.Count;

    public double Accuracy => Share(results);

    public IReadOnlyDictionary<string, double> ByLanguage =>
        results.GroupBy(r => r.Row.Language).ToDictionary(g => g.Key, g => Share(g));

    /// <summary>Recall per true label: the share of questions of that type labelled as such.</summary>
    public IReadOnlyDictionary<SpinType, double> ByLabel =>
        results.GroupBy(r => r.Row.Label).ToDictionary(g => g.Key, g => Share(g));

    /// <summary>How many questions of each true type (row) got each predicted type (column; null: "not a question").</summary>
    public int Confusion(SpinType actual, SpinType? predicted) => results.Count(r => r.Row.Label == actual && r.Predicted == predicted);

    public IEnumerable<(SpinCorpusRow Row, SpinType? Predicted)> Misses => results.Where(r => r.Predicted != r.Row.Label);

    /// <summary>A plain-text table: accuracy overall, per language and per label, then the confusion matrix.</summary>
    public string Format(string title)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"{title}: {Accuracy:P1} of {Count} questions"));
        foreach (var language in new[] { "ru", "uk", "en" }.Where(l => ByLanguage.ContainsKey(l)))
        {
            var n = results.Count(r => r.Row.Language == language);
            text.AppendLine(Invariant($"  {language}: {ByLanguage[language]:P1} of {n}"));
        }
        foreach (var type in Types.Where(t => ByLabel.ContainsKey(t)))
        {
            text.AppendLine(Invariant($"  {ChatLexicon.SpinKey(type),-12} {ByLabel[type]:P1} recall"));
        }
        text.AppendLine("  confusion (rows: corpus label, columns: predicted)");
        text.AppendLine(Invariant($"  {"",-12}{string.Concat(Types.Select(t => $"{Short(t),6}"))}{"none",6}"));
        foreach (var actual in Types)
        {
            text.AppendLine(Invariant($"  {ChatLexicon.SpinKey(actual),-12}{string.Concat(Types.Select(p => $"{Confusion(actual, p),6}"))}{Confusion(actual, null),6}"));
        }
        return text.ToString();
    }

    private static string Short(SpinType type) => type switch
    {
        SpinType.Situation => "S",
        SpinType.Problem => "P",
        SpinType.Implication => "I",
        _ => "N",
    };

    private static double Share(IEnumerable<(SpinCorpusRow Row, SpinType? Predicted)> rows)
    {
        var list = rows.ToList();
        return list.Count == 0 ? 0 : (double)list.Count(r => r.Predicted == r.Row.Label) / list.Count;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Classifies the rows through <paramref name="classifier"/> (in one call, as a report would) and scores the answers.</summary>
    public static async Task<SpinScore> MeasureAsync(ISpinClassifier classifier, IReadOnlyList<SpinCorpusRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(rows);
        var predicted = await classifier.ClassifyAsync(rows.Select(r => r.Question).ToList(), cancellationToken).ConfigureAwait(false);
        if (predicted.Count != rows.Count)
        {
            throw new InvalidOperationException($"The classifier answered {predicted.Count} labels for {rows.Count} questions.");
        }
        var score = new SpinScore();
        for (var i = 0; i < rows.Count; i++)
        {
            score.Add(rows[i], predicted[i]);
        }
        return score;
    }
}
