// Owns finding which of many fixed strings a short text contains, in one walk over the text.
namespace SalesCoach.Core.Chats;

/// <summary>
/// A set of literals, each tagged with an id (several literals may share one), and one walk over a text
/// that marks the ids of every literal the text contains (ordinal, overlapping matches included). Built once
/// per lexicon; the walk allocates nothing. Nodes are flat arrays: the root's children by character
/// code, an inner node's children in a short list scanned in order (most nodes have one or two).
/// </summary>
public sealed class LiteralTrie
{
    private readonly (char Key, int Child)[][] children;
    private readonly int[][] ids;

    public LiteralTrie(IEnumerable<(string Literal, int Id)> literals)
    {
        ArgumentNullException.ThrowIfNull(literals);
        var building = new List<Dictionary<char, int>> { new() };
        var nodeIds = new List<List<int>> { new() };
        foreach (var (literal, id) in literals)
        {
            if (string.IsNullOrEmpty(literal))
            {
                throw new ArgumentException("A literal must not be empty.", nameof(literals));
            }
            var node = 0;
            foreach (var c in literal)
            {
                if (!building[node].TryGetValue(c, out var next))
                {
                    next = building.Count;
                    building[node][c] = next;
                    building.Add([]);
                    nodeIds.Add([]);
                }
                node = next;
            }
            nodeIds[node].Add(id);
        }
        children = building.Select(b => b.Select(p => (p.Key, p.Value)).ToArray()).ToArray();
        ids = nodeIds.Select(n => n.Distinct().ToArray()).ToArray();
        MaxId = nodeIds.SelectMany(n => n).DefaultIfEmpty(-1).Max();
        rootTable = new int[RootTableSize];
        foreach (var (key, child) in building[0])
        {
            if (key < RootTableSize)
            {
                rootTable[key] = child;
            }
            else
            {
                rootOthers[key] = child;
            }
        }
    }

    /// <summary>Latin and Cyrillic: the root's children for these codes are one array read (5 KB, stays in cache).</summary>
    private const int RootTableSize = 0x500;

    /// <summary>The root's children by character code below <see cref="RootTableSize"/> (0: none; node 0 is the root and never a child).</summary>
    private readonly int[] rootTable;

    /// <summary>The root's children for the other codes.</summary>
    private readonly Dictionary<char, int> rootOthers = [];

    /// <summary>The largest id given (-1 for no literals): <see cref="Mark"/> needs a span longer than it.</summary>
    public int MaxId { get; }

    /// <summary>Sets <c>found[id]</c> for every literal <paramref name="text"/> contains; leaves the other entries as they are.</summary>
    public void Mark(ReadOnlySpan<char> text, Span<bool> found)
    {
        for (var start = 0; start < text.Length; start++)
        {
            var first = text[start];
            var node = first < RootTableSize ? rootTable[first] : rootOthers.GetValueOrDefault(first);
            var i = start + 1;
            while (node != 0)
            {
                foreach (var id in ids[node])
                {
                    found[id] = true;
                }
                if (i == text.Length)
                {
                    break;
                }
                node = Child(node, text[i++]);
            }
        }
    }

    private int Child(int node, char c)
    {
        foreach (var (key, child) in children[node])
        {
            if (key == c)
            {
                return child;
            }
        }
        return 0;
    }
}
