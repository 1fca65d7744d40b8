// Owns the text analysis retrieval and product matching share: Russian/Ukrainian/English-aware tokens for BM25.
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Tartarus.Snowball.Ext;
using Lucene.Net.Util;

namespace SalesCoach.Core.Assistant.Knowledge;

/// <summary>
/// Lucene analysis for a Russian knowledge base asked in Russian, Ukrainian or English: Unicode words,
/// lower case, stop words of the three languages (question words included, they carry no topic), then
/// Ukrainian and English shop words mapped to the Russian word the documents use ("повернення" →
/// "возврат", "delivery" → "доставка", from the lexicon), the letters Ukrainian adds folded onto Russian
/// ones (і/ї → и, є → е, ґ → г, ё → е), and the Russian Snowball stemmer, with Porter for Latin words.
/// </summary>
public sealed class ShopAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly CharArraySet stopWords;
    private readonly IReadOnlyDictionary<string, string> termMap;

    public ShopAnalyzer(AssistantLexicon lexicon)
    {
        ArgumentNullException.ThrowIfNull(lexicon);
        stopWords = new CharArraySet(Version, lexicon.StopWords.ToList(), ignoreCase: true);
        termMap = lexicon.TermMap;
    }

    public static ShopAnalyzer Default { get; } = new(AssistantLexicon.Default);

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new LowerCaseFilter(Version, tokenizer);
        stream = new StopFilter(Version, stream, stopWords);
        stream = new FoldFilter(stream, termMap);
        stream = new SnowballFilter(stream, new RussianStemmer());
        stream = new PorterStemFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    }

    /// <summary>The analysed terms of a text, in order (repeats kept).</summary>
    public IReadOnlyList<string> Terms(string? text)
    {
        var terms = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return terms;
        }
        using var stream = GetTokenStream("text", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }
        stream.End();
        return terms;
    }

    /// <summary>Maps a Ukrainian/English word to the Russian one and folds Ukrainian letters.</summary>
    private sealed class FoldFilter : TokenFilter
    {
        private readonly ICharTermAttribute term;
        private readonly IReadOnlyDictionary<string, string> map;

        public FoldFilter(TokenStream input, IReadOnlyDictionary<string, string> map) : base(input)
        {
            this.map = map;
            term = AddAttribute<ICharTermAttribute>();
        }

        public override bool IncrementToken()
        {
            if (!m_input.IncrementToken())
            {
                return false;
            }
            var word = term.ToString().Replace('’', '\'').Replace('ʼ', '\'');
            if (map.TryGetValue(word, out var mapped))
            {
                word = mapped;
            }
            var folded = Fold(word);
            term.SetEmpty().Append(folded);
            return true;
        }

        private static string Fold(string word)
        {
            var chars = word.ToCharArray();
            var length = 0;
            foreach (var c in chars)
            {
                var f = c switch
                {
                    'і' or 'ї' => 'и',
                    'є' or 'ё' => 'е',
                    'ґ' => 'г',
                    '\'' => '\0',
                    _ => c,
                };
                if (f != '\0')
                {
                    chars[length++] = f;
                }
            }
            return new string(chars, 0, length);
        }
    }
}
