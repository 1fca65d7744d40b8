// Owns turning knowledge-base documents (.docx, .md) into headed sections and retrieval-sized chunks.
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace SalesCoach.Core.Assistant.Knowledge;

/// <summary>One retrievable piece of the knowledge base: a section's heading and some of its paragraphs.</summary>
public sealed record KnowledgeChunk(string Id, string Source, string Heading, string Text, int Position)
{
    /// <summary>What retrieval reads: the heading carries the topic of every chunk under it.</summary>
    public string SearchText => string.IsNullOrEmpty(Heading) ? Text : Heading + ". " + Text;
}

/// <summary>A document the indexer could not read, and why (reported, never fatal to the rest).</summary>
public sealed record KnowledgeDocumentError(string Source, string Error);

/// <summary>
/// Reads .docx (DocumentFormat.OpenXml: paragraphs, "Heading n"/"Title" styles as headings, table rows as
/// lines) and Markdown ("#" headings, paragraphs separated by blank lines, list items as lines), and cuts
/// each section into chunks of at most <see cref="MaxChunkChars"/> characters on paragraph boundaries,
/// each chunk keeping its section's heading.
/// </summary>
public static partial class KnowledgeChunker
{
    public const int MaxChunkChars = 700;

    public static bool IsSupported(string name) =>
        name.EndsWith(".docx", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".md", StringComparison.OrdinalIgnoreCase);

    /// <summary>The chunks of one document; a file that is not a readable .docx or UTF-8 Markdown throws <see cref="InvalidDataException"/>.</summary>
    public static IReadOnlyList<KnowledgeChunk> Chunk(string name, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sections = name.EndsWith(".docx", StringComparison.OrdinalIgnoreCase) ? DocxSections(content) : MarkdownSections(content);
        var slug = Slug(name);
        var chunks = new List<KnowledgeChunk>();
        foreach (var (heading, paragraphs) in sections)
        {
            var current = new StringBuilder();
            foreach (var paragraph in paragraphs.SelectMany(Split))
            {
                if (current.Length > 0 && current.Length + paragraph.Length + 1 > MaxChunkChars)
                {
                    Add(heading, current.ToString());
                    current.Clear();
                }
                current.Append(current.Length > 0 ? "\n" : "").Append(paragraph);
            }
            if (current.Length > 0)
            {
                Add(heading, current.ToString());
            }
        }
        return chunks;

        void Add(string heading, string text) =>
            chunks.Add(new KnowledgeChunk($"{slug}-{chunks.Count + 1:D3}", name, heading, text, chunks.Count));
    }

    /// <summary>A paragraph longer than a chunk is cut between sentences.</summary>
    private static IEnumerable<string> Split(string paragraph)
    {
        if (paragraph.Length <= MaxChunkChars)
        {
            yield return paragraph;
            yield break;
        }
        var current = new StringBuilder();
        foreach (var sentence in Sentences(paragraph))
        {
            if (current.Length > 0 && current.Length + sentence.Length + 1 > MaxChunkChars)
            {
                yield return current.ToString();
                current.Clear();
            }
            current.Append(current.Length > 0 ? " " : "").Append(sentence.Length > MaxChunkChars ? sentence[..MaxChunkChars] : sentence);
        }
        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    /// <summary>Sentences of a text: split after . ! ? … followed by a space, and at line breaks.</summary>
    public static IReadOnlyList<string> Sentences(string text) =>
        SentenceEnd().Split(text ?? "").Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

    private static List<(string Heading, List<string> Paragraphs)> DocxSections(byte[] content)
    {
        var sections = new List<(string, List<string>)> { ("", []) };
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var document = WordprocessingDocument.Open(stream, false);
            var body = document.MainDocumentPart?.Document?.Body ?? throw new InvalidDataException("The document has no body.");
            var styles = document.MainDocumentPart!.StyleDefinitionsPart?.Styles;
            foreach (var element in body.Elements())
            {
                switch (element)
                {
                    case Paragraph paragraph:
                        var text = paragraph.InnerText.Trim();
                        if (text.Length == 0)
                        {
                            continue;
                        }
                        if (IsHeading(paragraph, styles))
                        {
                            sections.Add((text, []));
                        }
                        else
                        {
                            sections[^1].Item2.Add(text);
                        }
                        break;
                    case Table table:
                        foreach (var row in table.Elements<TableRow>())
                        {
                            var cells = row.Elements<TableCell>().Select(c => c.InnerText.Trim()).Where(c => c.Length > 0);
                            if (string.Join(" — ", cells) is { Length: > 0 } line)
                            {
                                sections[^1].Item2.Add(line);
                            }
                        }
                        break;
                }
            }
        }
        catch (Exception e) when (e is DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or System.IO.FileFormatException or InvalidOperationException or System.Xml.XmlException or IOException)
        {
            throw new InvalidDataException($"Not a readable .docx file: {e.Message}", e);
        }
        return sections.Where(s => s.Item2.Count > 0).ToList();
    }

    private static bool IsHeading(Paragraph paragraph, Styles? styles)
    {
        var styleId = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
        if (styleId is null)
        {
            return false;
        }
        var name = styles?.Elements<Style>().FirstOrDefault(s => s.StyleId?.Value == styleId)?.StyleName?.Val?.Value ?? styleId;
        return name.StartsWith("heading", StringComparison.OrdinalIgnoreCase) || name.Equals("title", StringComparison.OrdinalIgnoreCase)
            || styleId.StartsWith("Heading", StringComparison.OrdinalIgnoreCase) || name.StartsWith("заголовок", StringComparison.OrdinalIgnoreCase);
    }

    private static List<(string Heading, List<string> Paragraphs)> MarkdownSections(byte[] content)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException("Markdown must be UTF-8 text.", e);
        }
        var sections = new List<(string Heading, List<string> Paragraphs)> { ("", []) };
        var paragraph = new StringBuilder();
        foreach (var raw in text.TrimStart('\uFEFF').Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.StartsWith('#'))
            {
                Flush();
                sections.Add((line.TrimStart('#').Trim(), []));
            }
            else if (line.Length == 0)
            {
                Flush();
            }
            else if (ListItem().Match(line) is { Success: true } item)
            {
                Flush();
                sections[^1].Paragraphs.Add(Inline(item.Groups[1].Value));
            }
            else
            {
                paragraph.Append(paragraph.Length > 0 ? " " : "").Append(Inline(line));
            }
        }
        Flush();
        return sections.Where(s => s.Paragraphs.Count > 0).ToList();

        void Flush()
        {
            if (paragraph.Length > 0)
            {
                sections[^1].Paragraphs.Add(paragraph.ToString());
                paragraph.Clear();
            }
        }
    }

    /// <summary>Markdown emphasis and link syntax removed: "**Бесплатно**" → "Бесплатно", "[сайт](https://…)" → "сайт".</summary>
    private static string Inline(string line) => Link().Replace(line, "$1").Replace("**", "", StringComparison.Ordinal).Replace("__", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal);

    /// <summary>A file name as an id part: letters and digits of any script lower-cased, others as '-'.</summary>
    public static string Slug(string name)
    {
        var stem = Path.GetFileNameWithoutExtension(name).ToLowerInvariant();
        var slug = NotIdChar().Replace(stem, "-").Trim('-');
        slug = slug.Length == 0 ? "doc" : slug.Length > 40 ? slug[..40] : slug;
        // Names in other scripts all slug to "doc": a hash of the name keeps ids apart.
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..6];
        return $"{slug}-{hash}";
    }

    [GeneratedRegex(@"(?<=[.!?…])\s+|\n")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"^(?:[-*+]|\d+[.)])\s+(.*)$")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"[^a-z0-9]+")]
    private static partial Regex NotIdChar();
}
