using SalesCoach.Core.Agent;
using SalesCoach.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SalesCoach.Tests.Agent;

/// <summary>
/// Detection measured on the labelled client messages (Interventions/client-messages.tsv, split once into
/// dev and held-out; the lexicon was tuned on dev only). The bar: recall ≥ 90 % on held-out for price
/// objections and competitors. Precision and recall of every signal are printed for the report.
/// </summary>
public sealed class InterventionAccuracyTests(ITestOutputHelper output)
{
    public const double RecallBar = 0.90;

    private sealed record Row(string Id, string Language, IReadOnlySet<Signal> Labels, string Split, string Text);

    private static List<Row> Corpus()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "SalesCoach.Tests", "Agent", "Interventions", "client-messages.tsv"));
        Assert.Equal("id\tlang\tlabels\tsplit\ttext", lines[0]);
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(f => new Row(f[0], f[1],
            f[2] == "none" ? new HashSet<Signal>() : f[2].Split(',').Select(Label).ToHashSet(), f[3], f[4]))];
    }

    private static Signal Label(string label) =>
        Core.Platform.Json.TryParseName<Signal>(label, out var signal) ? signal : throw new InvalidDataException($"Unknown label {label}");

    public static Dictionary<Signal, (int Tp, int Fp, int Fn)> Score(IEnumerable<(IReadOnlySet<Signal> Gold, IReadOnlySet<Signal> Found)> pairs)
    {
        var scores = new[] { Signal.PriceObjection, Signal.Competitor, Signal.BuyingSignal, Signal.MeetingScheduled }.ToDictionary(s => s, _ => (Tp: 0, Fp: 0, Fn: 0));
        foreach (var (gold, found) in pairs)
        {
            foreach (var signal in scores.Keys.ToList())
            {
                var (tp, fp, fn) = scores[signal];
                scores[signal] = (gold.Contains(signal), found.Contains(signal)) switch
                {
                    (true, true) => (tp + 1, fp, fn),
                    (false, true) => (tp, fp + 1, fn),
                    (true, false) => (tp, fp, fn + 1),
                    _ => (tp, fp, fn),
                };
            }
        }
        return scores;
    }

    private Dictionary<Signal, (int Tp, int Fp, int Fn)> Measure(string split)
    {
        var rows = Corpus().Where(r => r.Split == split).ToList();
        var scores = Score(rows.Select(r => (r.Labels, SignalDetector.Default.Detect(r.Text).Signals)));
        output.WriteLine($"{split}: {rows.Count} messages");
        foreach (var (signal, (tp, fp, fn)) in scores)
        {
            output.WriteLine($"  {SignalDetector.WireName(signal),-18} precision {Ratio(tp, tp + fp):P1}  recall {Ratio(tp, tp + fn):P1}  (tp {tp}, fp {fp}, fn {fn})");
        }
        return scores;
    }

    private static double Ratio(int a, int b) => b == 0 ? 1 : (double)a / b;

    [Fact]
    public void The_corpus_is_split_once_into_dev_and_held_out()
    {
        var rows = Corpus();
        Assert.Equal(508, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct().Count());
        Assert.Equal(228, rows.Count(r => r.Split == "heldout"));
        Assert.Equal(280, rows.Count(r => r.Split == "dev"));
    }

    [Fact]
    public void Held_out_recall_of_price_objections_and_competitors_reaches_the_bar()
    {
        var scores = Measure("heldout");
        foreach (var signal in new[] { Signal.PriceObjection, Signal.Competitor })
        {
            var (tp, _, fn) = scores[signal];
            Assert.True(Ratio(tp, tp + fn) >= RecallBar, $"{signal}: held-out recall {Ratio(tp, tp + fn):P1} is under {RecallBar:P0}");
        }
    }

    [Fact]
    public void Dev_scores_are_printed_beside_held_out()
    {
        var dev = Measure("dev");
        // Tuned on dev: it fits there; the held-out numbers above are the ones that count.
        Assert.All(dev.Values, s => Assert.True(Ratio(s.Tp, s.Tp + s.Fn) >= 0.9));
    }

    [Fact]
    public void Scoring_counts_each_label_of_a_two_label_message()
    {
        var scores = Score([(new HashSet<Signal> { Signal.Competitor, Signal.PriceObjection }, new HashSet<Signal> { Signal.PriceObjection, Signal.BuyingSignal })]);
        Assert.Equal((1, 0, 0), scores[Signal.PriceObjection]);
        Assert.Equal((0, 0, 1), scores[Signal.Competitor]);
        Assert.Equal((0, 1, 0), scores[Signal.BuyingSignal]);
    }
}
