using SalesCoach.Core.Chats;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Demo;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Chats;

/// <summary>Reading each message once (the report's hot path) gives what the lexicon's one-text tests give.</summary>
public sealed class ChatAnalyserTests
{
    private static readonly ChatLexicon Lexicon = ChatLexicon.Default;

    private static IReadOnlyList<string> Texts() =>
    [
        .. SpinCorpus.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "SalesCoach.Tests", "Chats", "Spin", "spin-corpus.tsv"))).Select(r => r.Question),
        .. DemoTeam.Build(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero)).Messages.Select(m => m.Text ?? ""),
        "", "   ", "Ёлка? ЁЖ", "Сколько стоит?", "Скільки коштує доставка", "HOW MUCH is it", "Оплата по ссылке, выставлю счёт", new string('а', 1500) + "?",
        "Чи є в наявності розмір 42? Що для вас важливо?", "Какой у вас бюджет, и что будет, если поставка сорвётся?",
    ];

    [Fact]
    public void A_text_read_once_answers_every_test_as_the_text_itself_does()
    {
        foreach (var text in Texts())
        {
            var read = Lexicon.Read(text);
            Assert.Equal(Lexicon.IsQuestion(text), ChatLexicon.IsQuestion(read));
            Assert.Equal(Lexicon.Intents(text).Count > 0, !string.IsNullOrWhiteSpace(text) && ChatLexicon.HasIntent(read));
            Assert.Equal(Lexicon.OffersNextStep(text), !string.IsNullOrWhiteSpace(text) && ChatLexicon.OffersNextStep(read));
            Assert.Equal(Lexicon.Explain(text)?.Type, Lexicon.Classify(read));
        }
    }

    [Fact]
    public void Normalising_keeps_words_apart_by_single_spaces_in_lower_case_with_apostrophes_and_hyphens()
    {
        Assert.Equal(" what s your budget ", ChatLexicon.Normalize("What's your budget?!".Replace('\'', ' '), foldYo: false));
        Assert.Equal(" п'ять из-за ёлки ", ChatLexicon.Normalize("П’ять,  из-за   Ёлки", foldYo: false));
        Assert.Equal(" п'ять из-за елки ", ChatLexicon.Normalize("П’ять,  из-за   Ёлки", foldYo: true));
        Assert.Equal(" ", ChatLexicon.Normalize("?!", foldYo: false));
        var longText = string.Concat(Enumerable.Repeat("Слово, ", 200));
        Assert.Equal(" " + string.Concat(Enumerable.Repeat("слово ", 200)), ChatLexicon.Normalize(longText, foldYo: false));
    }

    [Fact]
    public void Every_character_normalises_as_lower_casing_and_the_letter_test_say()
    {
        static string Reference(char raw, bool foldYo)
        {
            var c = char.ToLowerInvariant(raw);
            c = c switch { '’' or 'ʼ' or '`' or '‘' or '´' => '\'', 'ё' when foldYo => 'е', _ => c };
            return !char.IsLetterOrDigit(c) && c is not ('\'' or '-') ? " " : $" {c} ";
        }
        for (var code = 0; code <= char.MaxValue; code++)
        {
            var c = (char)code;
            Assert.Equal(Reference(c, false), ChatLexicon.Normalize(c.ToString(), foldYo: false));
            Assert.Equal(Reference(c, true), ChatLexicon.Normalize(c.ToString(), foldYo: true));
        }
    }

    [Fact]
    public void A_chats_analysis_is_its_metrics_advice_and_spin_each_computed_on_their_own()
    {
        var demo = DemoTeam.Build(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var hours = WorkingHours.Default("Europe/Moscow");
        var analyser = new ChatAnalyser(Lexicon, hours);
        foreach (var chat in demo.Chats)
        {
            var messages = demo.Messages.Where(m => m.ChatId == chat.Id).ToList();
            var analysed = analyser.Analyse(chat, messages);
            var stats = ChatMetrics.Compute(chat, messages, hours);
            Assert.Equal(stats, analysed.Stats);
            Assert.Equal(ReferenceAdvice(stats, messages), analysed.Advice.Select(a => a.Rule));
            var spin = messages.Where(m => m.Direction == Direction.Outbound && !m.IsSystem).Select(m => Lexicon.Classify(m.Text)).OfType<SpinType>()
                .Aggregate(SpinCounts.None, (counts, type) => counts.Add(type));
            Assert.Equal(spin, analysed.Spin);
        }
    }

    /// <summary>The five advice rules as the README states them, written over the lexicon's one-text tests.</summary>
    private static List<ChatAdviceRule> ReferenceAdvice(ChatStats stats, IReadOnlyList<ChatMessage> messages)
    {
        var ordered = ChatMetrics.InOrder(messages).ToList();
        var rules = new List<ChatAdviceRule>();
        if (stats.Inbound > 0 && !stats.Answered)
        {
            rules.Add(ChatAdviceRule.NoManagerReply);
        }
        if (stats.SlowFirstResponse)
        {
            rules.Add(ChatAdviceRule.ReplyFaster);
        }
        if (stats.Answered && stats.UnansweredInbound > 0)
        {
            rules.Add(ChatAdviceRule.FollowUp);
        }
        var first = ordered.Where(m => m.Direction == Direction.Outbound).Take(ChatAdvisor.FirstOutboundWindow).ToList();
        if (first.Count > 0 && !first.Any(m => Lexicon.IsQuestion(m.Text)))
        {
            rules.Add(ChatAdviceRule.AskClarifyingQuestions);
        }
        var intent = ordered.FindIndex(m => m.Direction == Direction.Inbound && Lexicon.Intents(m.Text).Count > 0);
        if (intent >= 0 && !ordered.Skip(intent + 1).Any(m => m.Direction == Direction.Outbound && Lexicon.OffersNextStep(m.Text)))
        {
            rules.Add(ChatAdviceRule.GiveNextStep);
        }
        return rules;
    }

    [Fact]
    public void The_literal_trie_finds_exactly_the_literals_a_text_contains()
    {
        var random = new Random(7);
        // Cyrillic, Latin, characters beyond the class table (中, an emoji's surrogates) and some no literal has (x, z).
        foreach (var alphabet in new[] { " абвсде'-", " ab中\ud83d\ude00ё-xz" })
        {
            string Word(int min, int max) => new([.. Enumerable.Range(0, random.Next(min, max)).Select(_ => alphabet[random.Next(alphabet.Length - 2)])]);
            var literals = Enumerable.Range(0, 60).Select(_ => Word(1, 5)).ToList();
            var trie = new LiteralTrie(literals.Select((l, i) => (l, i)));
            Assert.Equal(59, trie.MaxId);
            for (var round = 0; round < 2000; round++)
            {
                var text = new string([.. Enumerable.Range(0, random.Next(0, 30)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
                var found = new bool[literals.Count];
                trie.Mark(text, found);
                Assert.Equal(literals.Select(l => text.Contains(l, StringComparison.Ordinal)), found);
            }
        }
        // Ids shared by several literals, and a literal that is a suffix of another (found through the longer one's path).
        var shared = new LiteralTrie([("abcd", 0), ("bc", 1), ("c", 1), ("xyz", 2)]);
        var marks = new bool[3];
        shared.Mark("zabcdz", marks);
        Assert.Equal([true, true, false], marks);
        Assert.Equal(-1, new LiteralTrie([]).MaxId);
        Assert.Throws<ArgumentException>(() => new LiteralTrie([("", 0)]));
    }

    [Fact]
    public async Task The_worker_hands_back_every_batch_in_posting_order_with_at_most_its_limit_running()
    {
        var running = 0;
        var most = 0;
        var worker = new Core.Platform.InOrderWorker<int, int>(batch =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            Thread.Sleep(batch % 3 == 0 ? 30 : 1); // later batches often finish first
            Interlocked.Decrement(ref running);
            return batch * 10;
        }, inFlight: 3);
        var results = new List<int>();
        for (var batch = 0; batch < 40; batch++)
        {
            results.AddRange(await worker.PostAsync(batch, default));
        }
        results.AddRange(await worker.DrainAsync());
        Assert.Equal(Enumerable.Range(0, 40).Select(b => b * 10), results);
        Assert.InRange(most, 1, 4); // the limit, plus the one just posted before the oldest is awaited

        var failing = new Core.Platform.InOrderWorker<int, int>(batch => batch == 2 ? throw new InvalidOperationException("batch 2") : batch, inFlight: 1);
        var error = await Record.ExceptionAsync(async () =>
        {
            await failing.PostAsync(1, default);
            await failing.PostAsync(2, default);
            await failing.PostAsync(3, default);
            await failing.DrainAsync();
        });
        Assert.Equal("batch 2", Assert.IsType<InvalidOperationException>(error).Message);
    }

    [Fact]
    public async Task A_producer_that_cannot_wait_posts_at_once_and_keeps_within_the_limit_where_it_can()
    {
        var release = new ManualResetEventSlim();
        var worker = new Core.Platform.InOrderWorker<int, int>(batch =>
        {
            if (batch == 0)
            {
                release.Wait(TimeSpan.FromSeconds(10)); // the oldest batch holds the others back
            }
            return batch * 10;
        }, inFlight: 2);
        var results = new List<int>();
        for (var batch = 0; batch < 6; batch++)
        {
            results.AddRange(worker.Post(batch, default)); // never waits, even past the limit
        }
        Assert.Empty(results); // batch 0 is still running, so nothing after it is handed back
        release.Set();
        results.AddRange(await worker.WithinLimitAsync());
        results.AddRange(await worker.DrainAsync());
        Assert.Equal(Enumerable.Range(0, 6).Select(b => b * 10), results);

        var failing = new Core.Platform.InOrderWorker<int, int>(batch => batch == 1 ? throw new InvalidOperationException("batch 1") : batch, inFlight: 1);
        failing.Post(1, default);
        failing.Post(2, default);
        var error = await Record.ExceptionAsync(async () => await failing.WithinLimitAsync());
        Assert.Equal("batch 1", Assert.IsType<InvalidOperationException>(error).Message);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
