// Owns the sample shop the assistant ships with: its knowledge-base documents, the labelled retrieval questions and a stock sheet.
using System.Reflection;

namespace SalesCoach.Core.Assistant.Samples;

/// <summary>One labelled question: the section ("source.md#Heading") that answers it, or null when the knowledge base does not.</summary>
public sealed record EvaluationQuestion(string Split, string? Expected, string Question);

/// <summary>
/// The sample shop (a women's shoe and accessories shop): Markdown documents for the knowledge base, the
/// retrieval evaluation set (split once into "dev" and "heldout") and a stock sheet, all embedded in Core.
/// </summary>
public static class AssistantSamples
{
    private const string Prefix = "SalesCoach.Core.Assistant.Samples.";

    /// <summary>The knowledge-base documents: file name → UTF-8 bytes.</summary>
    public static IReadOnlyList<(string Name, byte[] Content)> KnowledgeDocuments() =>
        Assembly.GetExecutingAssembly().GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix + "knowledge.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[(Prefix.Length + "knowledge.".Length)..], Read(n)))
            .ToList();

    /// <summary>The labelled questions of one split ("dev" or "heldout"), or all when <paramref name="split"/> is null.</summary>
    public static IReadOnlyList<EvaluationQuestion> EvaluationQuestions(string? split = null)
    {
        var lines = System.Text.Encoding.UTF8.GetString(Read(Prefix + "retrieval-eval.tsv")).Split('\n');
        var questions = new List<EvaluationQuestion>();
        foreach (var line in lines.Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("split\t", StringComparison.Ordinal)))
        {
            var parts = line.Split('\t');
            if (parts.Length != 3 || parts[0] is not ("dev" or "heldout"))
            {
                throw new InvalidDataException($"retrieval-eval.tsv: '{line}' is not 'split<TAB>expected<TAB>question'.");
            }
            questions.Add(new EvaluationQuestion(parts[0], parts[1] == "refuse" ? null : parts[1], parts[2]));
        }
        return split is null ? questions : questions.Where(q => q.Split == split).ToList();
    }

    private static byte[] Read(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The resource {resource} is missing from SalesCoach.Core.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
