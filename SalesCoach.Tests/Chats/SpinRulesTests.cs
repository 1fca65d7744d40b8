using SalesCoach.Core.Chats;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Chats;

/// <summary>The SPIN rule engine: scoring, precedence, exclusions, normalisation and the literal prefilter.</summary>
public sealed class SpinRulesTests
{
    private static SpinRules Rules(params SpinRule[] rules) => new("situation", 0.5, rules);

    private static SpinRule Rule(string label, double weight, string[]? any = null, string[]? all = null, string[]? not = null) => new(label, weight, label, any, all, not);

    [Fact]
    public void A_question_no_rule_speaks_for_is_a_situation_question()
    {
        var rules = Rules(Rule("problem", 2, [" сложн"]));
        Assert.Equal(SpinType.Situation, rules.Decide(ChatLexicon.Normalize("Сколько у вас сотрудников?", foldYo: true)).Type);
    }

    [Fact]
    public void Weights_of_fired_rules_add_up_per_type()
    {
        var rules = Rules(Rule("implication", 3, [" из-за "]), Rule("problem", 2, [" ошиб"]), Rule("problem", 2, [" приходится "]));
        var decision = rules.Decide(ChatLexicon.Normalize("Из-за ошибок в адресах приходится возить повторно?", foldYo: true));
        Assert.Equal(SpinType.Problem, decision.Type);
        Assert.Equal(4, decision.Scores[SpinType.Problem]);
        Assert.Equal(3, decision.Scores[SpinType.Implication]);
    }

    [Fact]
    public void On_a_tie_the_later_stage_of_the_sale_wins()
    {
        var rules = Rules(Rule("problem", 3, [" slow"]), Rule("implication", 3, [" affect"]), Rule("need_payoff", 3, [" help"]));
        Assert.Equal(SpinType.Implication, rules.Decide(ChatLexicon.Normalize("Does the slow app affect sales, and would a fix help?", foldYo: true)).Type);
        Assert.Equal(SpinType.NeedPayoff, rules.Decide(ChatLexicon.Normalize("Is it slow, and would a fix help?", foldYo: true)).Type);
    }

    [Fact]
    public void All_patterns_are_required_and_not_patterns_exclude()
    {
        var rules = Rules(Rule("need_payoff", 2, [" faster"], all: [" (if|would) "], not: [" prefer"]));
        Assert.Equal(SpinType.NeedPayoff, rules.Decide(ChatLexicon.Normalize("Would faster delivery matter?", foldYo: true)).Type);
        Assert.Equal(SpinType.Situation, rules.Decide(ChatLexicon.Normalize("Is delivery faster by truck?", foldYo: true)).Type);
        Assert.Equal(SpinType.Situation, rules.Decide(ChatLexicon.Normalize("Would you prefer faster or cheaper delivery?", foldYo: true)).Type);
    }

    [Theory]
    [InlineData("Как это влияет на вашу работу?", " как это влияет на вашу работу ")]
    [InlineData("Всё ли   устраивает,  ёлки?!", " все ли устраивает елки ")]
    [InlineData("Who’s   in charge — you?", " who's in charge you ")]
    public void Questions_are_normalised_to_words_between_single_spaces(string text, string expected)
    {
        Assert.Equal(expected, ChatLexicon.Normalize(text, foldYo: true));
    }

    [Theory]
    [InlineData(" сказыва", new[] { " сказыва" })]
    [InlineData(" (теря|потер)[^ ]* клиент", new[] { " теря", " потер" })]
    [InlineData(" (у)?даря", new[] { " ударя", " даря" })]
    [InlineData(" (по)?влия", new[] { " повлия", " влия" })]
    [InlineData("(?<!без) сбо[ийея]", new[] { " сбо" })]
    [InlineData("^ (а |и )?(когда|если) ", new[] { " а когда ", " а если ", " и когда ", " и если ", " когда ", " если " })]
    public void Required_literals_are_read_off_the_start_of_each_pattern(string pattern, string[] expected)
    {
        Assert.Equal(expected.Order(), SpinRules.RequiredLiterals([pattern])!.Order());
    }

    [Theory]
    [InlineData(" сказыва", new[] { " сказыва" })]
    [InlineData(" (у)?даря", new[] { " ударя", " даря" })]
    [InlineData(" (по)?влия| вплив", new[] { " повлия", " влия", " вплив" })]
    [InlineData(" (теря|потер)[^ ]* клиент", new string[0])]
    [InlineData(" (теря|потер[^ ]*)", new string[0])]
    [InlineData(" ударя", new[] { " ударя" })]
    [InlineData("(?<!без) сбой", new string[0])]
    [InlineData("^ когда ", new string[0])]
    [InlineData(" hurts?", new string[0])]
    public void Plain_string_alternatives_match_without_an_expression(string pattern, string[] expected)
    {
        Assert.Equal(expected.Order(), SpinRules.ExactLiterals([pattern]).Order());
    }

    [Theory]
    [InlineData(" .{0,25}важн")]
    [InlineData(" [a-z]+ing")]
    [InlineData("[^ ] or ")]
    public void A_pattern_without_a_literal_start_always_runs(string pattern)
    {
        Assert.Null(SpinRules.RequiredLiterals([pattern]));
    }

    [Theory]
    [InlineData("(?<!без) сбо[ийея]", " (?<!(?:без) )сбо[ийея]")]
    [InlineData("(?<!как|так)(?<=о) долго", " (?<!(?:как|так) )(?<=(?:о) )долго")]
    [InlineData(" сбо", " сбо")]
    [InlineData("(?<!без)[ ]сбо", "(?<!без)[ ]сбо")]
    [InlineData("(?<!без) ?сбо", "(?<!без) ?сбо")]
    public void A_look_behind_moves_past_the_first_character(string pattern, string expected)
    {
        Assert.Equal(expected, SpinRules.HoistLookBehind(pattern));
    }

    [Theory]
    [InlineData(" работаем без сбоев ", false)]
    [InlineData(" бывают сбои ", true)]
    [InlineData(" сбои ", true)]
    [InlineData(" как долго ", false)]
    [InlineData(" так долго ", false)]
    [InlineData(" это долго ", true)]
    public void A_moved_look_behind_still_rules_out_what_it_ruled_out(string text, bool matches)
    {
        var pattern = "(?<!без) сбо[ийея]|(?<!как|так) долго";
        var hoisted = string.Join('|', "(?<!без) сбо[ийея]|(?<!как|так) долго".Split('|', 2).Select(SpinRules.HoistLookBehind));
        Assert.Equal(matches, new System.Text.RegularExpressions.Regex(pattern).IsMatch(text));
        Assert.Equal(matches, new System.Text.RegularExpressions.Regex(hoisted).IsMatch(text));
    }

    [Fact]
    public void Every_lexicon_pattern_matches_the_same_questions_with_its_look_behinds_moved()
    {
        var questions = SpinCorpus.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "SalesCoach.Tests", "Chats", "Spin", "spin-corpus.tsv")))
            .Select(r => ChatLexicon.Normalize(r.Question, foldYo: true)).ToList();
        var moved = 0;
        foreach (var language in ChatLexicon.Default.Languages)
        {
            foreach (var rule in ChatLexicon.Default.For(language).Spin.Rules)
            {
                foreach (var pattern in (rule.Any ?? []).Concat(rule.All ?? []).Concat(rule.Not ?? []))
                {
                    var hoisted = SpinRules.HoistLookBehind(pattern);
                    if (hoisted == pattern)
                    {
                        continue;
                    }
                    moved++;
                    var (before, after) = (new System.Text.RegularExpressions.Regex(pattern), new System.Text.RegularExpressions.Regex(hoisted));
                    Assert.All(questions, q => Assert.Equal(before.IsMatch(q), after.IsMatch(q)));
                }
            }
        }
        Assert.True(moved > 0, "the lexicon has look-behind patterns to check");
    }

    [Fact]
    public void The_prefilter_never_changes_a_decision_on_the_corpus()
    {
        var lexicon = ChatLexicon.Default;
        var rows = SpinCorpus.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "SalesCoach.Tests", "Chats", "Spin", "spin-corpus.tsv")));
        // Each question, and each joined to the next of its language (longer texts touching more rules at once).
        var texts = rows.Select(r => (r.Language, r.Question))
            .Concat(rows.Zip(rows.Skip(1)).Where(p => p.First.Language == p.Second.Language).Select(p => (p.First.Language, p.First.Question + " " + p.Second.Question)))
            .ToList();
        Assert.True(texts.Count > 1000);
        foreach (var (language, question) in texts)
        {
            var normalized = ChatLexicon.Normalize(question, foldYo: true);
            var rules = lexicon.For(language).Spin;
            var fast = rules.Decide(normalized, prefilter: true);
            var full = rules.Decide(normalized, prefilter: false);
            Assert.Equal(full.Type, fast.Type);
            Assert.Equal(full.Fired.Select(r => r.Why), fast.Fired.Select(r => r.Why));
        }
    }

    [Fact]
    public void An_unknown_label_in_the_lexicon_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => Rules(Rule("curiosity", 1, [" why "])));
    }

    [Theory]
    [InlineData("Через помилки в адресах доводиться возити повторно?", "uk")]
    [InlineData("Затримки оплат б'ють по обороту?", "uk")]
    [InlineData("Повернення накопичуються?", "uk")]
    [InlineData("Возвраты копятся?", "ru")]
    public void Ukrainian_without_its_own_letters_is_told_from_Russian_by_word_forms(string text, string language)
    {
        Assert.Equal(language, ChatLexicon.DetectLanguage(text));
    }

    [Fact]
    public void Example_questions_in_improvement_plans_are_counted_as_the_type_they_illustrate()
    {
        var lexicon = ChatLexicon.Default;
        foreach (var language in lexicon.Languages)
        {
            foreach (var type in Enum.GetValues<SpinType>())
            {
                var examples = lexicon.Examples(language, type);
                Assert.NotEmpty(examples);
                Assert.All(examples, q => Assert.Equal(type, lexicon.Classify(q)));
            }
        }
    }

    [Fact]
    public void A_very_long_message_is_read_only_as_far_as_a_question_goes()
    {
        var text = "Как это влияет на продажи? " + string.Concat(Enumerable.Repeat("если когда сколько из-за теряете ", 5_000));
        Assert.Equal(SpinType.Implication, ChatLexicon.Default.Classify(text));
    }
}
