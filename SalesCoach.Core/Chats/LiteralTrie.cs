// Owns finding which of many fixed strings a short text contains, in one walk over the text.
namespace SalesCoach.Core.Chats;

/// <summary>
/// A set of literals, each tagged with an id (several literals may share one), and one walk over a text
/// that marks the ids of every literal the text contains (ordinal, overlapping matches included). Built once
/// per lexicon as an Aho–Corasick automaton: the trie of the literals, completed so that every state has a
/// next state for every character, and each state lists the ids of every literal ending there (its own and
/// its longest proper suffixes'). The walk reads each character once, one table lookup per character, and
/// allocates nothing.
/// </summary>
public sealed class LiteralTrie
{
    /// <summary>Character codes below this are classed by one array read (Latin and Cyrillic, the chats' usual letters).</summary>
    private const int TableSize = 0x500;

    /// <summary>A character's class: 0 for a character no literal has, else 1 + its index among the literals' characters.</summary>
    private readonly ushort[] classOf = new ushort[TableSize];
    private readonly Dictionary<char, ushort> otherClasses = [];
    private readonly int classes;

    /// <summary>
    /// next[row + class], where a state's row is state × classes: the row of the state after reading a
    /// character of that class, negated when that state finds ids (the root, row 0, finds none).
    /// </summary>
    private readonly int[] next;

    /// <summary>The ids found on reaching a state: ids[idStart[state] .. idStart[state + 1]).</summary>
    private readonly int[] idStart;
    private readonly int[] ids;

    public LiteralTrie(IEnumerable<(string Literal, int Id)> literals)
    {
        ArgumentNullException.ThrowIfNull(literals);
        // The trie: children by class, the ids of the literals that end at each node.
        var children = new List<Dictionary<ushort, int>> { new() };
        var endings = new List<List<int>> { new() };
        var classCount = 1;
        foreach (var (literal, id) in literals)
        {
            if (string.IsNullOrEmpty(literal))
            {
                throw new ArgumentException("A literal must not be empty.", nameof(literals));
            }
            var node = 0;
            foreach (var c in literal)
            {
                var cls = ClassOf(c);
                if (cls == 0)
                {
                    cls = (ushort)classCount++;
                    if (c < TableSize)
                    {
                        classOf[c] = cls;
                    }
                    else
                    {
                        otherClasses[c] = cls;
                    }
                }
                if (!children[node].TryGetValue(cls, out var child))
                {
                    child = children.Count;
                    children[node][cls] = child;
                    children.Add([]);
                    endings.Add([]);
                }
                node = child;
            }
            endings[node].Add(id);
            MaxId = Math.Max(MaxId, id);
        }
        classes = classCount;

        // Breadth first: each state's failure (its longest proper suffix that is a trie node) is known before
        // its children's, so missing transitions are copied from the failure and found ids merged from it.
        var states = children.Count;
        next = new int[states * classes];
        var failure = new int[states];
        var found = new List<int>[states];
        found[0] = [.. endings[0]];
        var queue = new Queue<int>();
        foreach (var (cls, child) in children[0])
        {
            next[cls] = child;
            queue.Enqueue(child);
        }
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            found[state] = [.. endings[state].Concat(found[failure[state]]).Distinct()];
            for (var cls = 0; cls < classes; cls++)
            {
                if (cls > 0 && children[state].TryGetValue((ushort)cls, out var child))
                {
                    failure[child] = state == 0 ? 0 : next[failure[state] * classes + cls];
                    next[state * classes + cls] = child;
                    queue.Enqueue(child);
                }
                else
                {
                    next[state * classes + cls] = next[failure[state] * classes + cls];
                }
            }
        }
        idStart = new int[states + 1];
        for (var state = 0; state < states; state++)
        {
            idStart[state + 1] = idStart[state] + found[state].Count;
        }
        ids = found.SelectMany(f => f).ToArray();
        for (var i = 0; i < next.Length; i++)
        {
            var target = next[i];
            next[i] = found[target].Count > 0 ? -(target * classes) : target * classes;
        }
    }

    /// <summary>The largest id given (-1 for no literals): <see cref="Mark"/> needs a span longer than it.</summary>
    public int MaxId { get; } = -1;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private ushort ClassOf(char c) => c < TableSize ? classOf[c] : otherClasses.GetValueOrDefault(c);

    /// <summary>Sets <c>found[id]</c> for every literal <paramref name="text"/> contains; leaves the other entries as they are.</summary>
    public void Mark(ReadOnlySpan<char> text, Span<bool> found)
    {
        var row = 0;
        foreach (var c in text)
        {
            row = next[row + ClassOf(c)];
            if (row < 0)
            {
                row = -row;
                var state = row / classes;
                for (var i = idStart[state]; i < idStart[state + 1]; i++)
                {
                    found[ids[i]] = true;
                }
            }
        }
    }
}
