// Owns Telegram HTML: escaping and splitting at the 4096-character limit.
using System.Text;

namespace SalesCoach.Core.Messaging;

/// <summary>Telegram "HTML" parse mode helpers: escaping and splitting at the 4096-character limit.</summary>
public static class TelegramHtml
{
    /// <summary>Telegram's sendMessage text limit.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>Escapes the three characters Telegram's HTML mode requires (&lt; &gt; &amp;); quotes too, for attributes.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }

    /// <summary>
    /// Splits HTML into messages of at most <paramref name="limit"/> characters. It prefers line breaks
    /// outside any tag; a longer line is cut between characters, never inside a tag, an entity or a
    /// surrogate pair, and open tags are closed at the cut and reopened in the next part.
    /// </summary>
    public static IReadOnlyList<string> Split(string html, int limit = MaxMessageLength)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 64);
        if (html.Length <= limit)
        {
            return [html];
        }

        var parts = new List<string>();
        var current = new StringBuilder();
        var open = new List<(string Name, string OpenTag)>();
        var lastSafeBreak = -1;

        foreach (var token in Tokenize(html))
        {
            while (current.Length + token.Length + ClosingLength(open) > limit)
            {
                if (lastSafeBreak > 0)
                {
                    // Everything up to the last newline outside a tag becomes a part; the rest carries over.
                    var carry = current.ToString(lastSafeBreak, current.Length - lastSafeBreak);
                    AddPart(parts, current.ToString(0, lastSafeBreak));
                    current.Clear().Append(carry);
                }
                else
                {
                    AddPart(parts, current + Closing(open));
                    current.Clear();
                    foreach (var tag in open)
                    {
                        current.Append(tag.OpenTag);
                    }
                    lastSafeBreak = -1;
                    break;
                }
                lastSafeBreak = -1;
            }

            current.Append(token);
            TrackTag(token, open);
            if (token == "\n" && open.Count == 0)
            {
                lastSafeBreak = current.Length;
            }
        }
        AddPart(parts, current.ToString());
        return parts;
    }

    private static void AddPart(List<string> parts, string part)
    {
        var trimmed = part.Trim('\n');
        if (trimmed.Length > 0)
        {
            parts.Add(trimmed);
        }
    }

    private static int ClosingLength(List<(string Name, string OpenTag)> open) =>
        open.Sum(tag => tag.Name.Length + 3);

    private static string Closing(List<(string Name, string OpenTag)> open)
    {
        var builder = new StringBuilder();
        for (var i = open.Count - 1; i >= 0; i--)
        {
            builder.Append("</").Append(open[i].Name).Append('>');
        }
        return builder.ToString();
    }

    private static void TrackTag(string token, List<(string Name, string OpenTag)> open)
    {
        if (token.Length < 3 || token[0] != '<')
        {
            return;
        }
        if (token[1] == '/')
        {
            var name = token[2..^1].Trim();
            var index = open.FindLastIndex(tag => tag.Name == name);
            if (index >= 0)
            {
                open.RemoveAt(index);
            }
            return;
        }
        var end = token.IndexOfAny([' ', '>']);
        open.Add((token[1..end], token));
    }

    /// <summary>Whole tags, whole entities, surrogate pairs and single characters.</summary>
    private static IEnumerable<string> Tokenize(string html)
    {
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            var end = c switch
            {
                '<' => html.IndexOf('>', i),
                '&' => EntityEnd(html, i),
                _ when char.IsHighSurrogate(c) && i + 1 < html.Length => i + 1,
                _ => i,
            };
            if (end < i)
            {
                end = i;
            }
            yield return html.Substring(i, end - i + 1);
            i = end + 1;
        }
    }

    private static int EntityEnd(string html, int start)
    {
        var semicolon = html.IndexOf(';', start);
        return semicolon > start && semicolon - start <= 10 ? semicolon : start;
    }
}
