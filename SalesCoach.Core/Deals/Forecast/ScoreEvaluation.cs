// Owns judging probabilities against outcomes: AUC, Brier score, log loss and reliability by decile.
namespace SalesCoach.Core.Deals.Forecast;

/// <summary>One decile of predictions: how many, what they said on average, what happened.</summary>
public sealed record ReliabilityBin(int Decile, int Count, double MeanPredicted, double ObservedRate);

/// <summary>How well a set of probabilities matched what happened.</summary>
public sealed record ScoreEvaluation(int Count, int Positives, double Auc, double Brier, double LogLoss, IReadOnlyList<ReliabilityBin> Reliability)
{
    /// <summary>
    /// AUC is the Mann–Whitney probability that a random won deal scored above a random lost one (ties
    /// count one half; 0.5 when either class is empty). Brier is the mean squared error of the
    /// probability. Reliability sorts predictions and cuts them into ten groups of (nearly) equal size.
    /// </summary>
    public static ScoreEvaluation Of(IReadOnlyList<double> predicted, IReadOnlyList<bool> outcomes)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(outcomes);
        if (predicted.Count != outcomes.Count || predicted.Count == 0)
        {
            throw new ArgumentException("Predictions and outcomes must be non-empty and of equal length.", nameof(predicted));
        }
        var n = predicted.Count;
        double brier = 0, logLoss = 0;
        for (var i = 0; i < n; i++)
        {
            var p = Math.Clamp(predicted[i], 1e-6, 1 - 1e-6);
            var y = outcomes[i] ? 1.0 : 0.0;
            brier += (predicted[i] - y) * (predicted[i] - y);
            logLoss -= y * Math.Log(p) + (1 - y) * Math.Log(1 - p);
        }
        var positives = outcomes.Count(o => o);
        return new ScoreEvaluation(n, positives, Round(AreaUnderCurve(predicted, outcomes)), Round(brier / n), Round(logLoss / n), Deciles(predicted, outcomes));
    }

    public static double AreaUnderCurve(IReadOnlyList<double> predicted, IReadOnlyList<bool> outcomes)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(outcomes);
        var order = Enumerable.Range(0, predicted.Count).OrderBy(i => predicted[i]).ToArray();
        var ranks = new double[order.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && predicted[order[end + 1]] == predicted[order[start]])
            {
                end++;
            }
            var averageRank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = averageRank;
            }
            start = end + 1;
        }
        double positives = 0, negatives = 0, rankSum = 0;
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i])
            {
                positives++;
                rankSum += ranks[i];
            }
            else
            {
                negatives++;
            }
        }
        return positives == 0 || negatives == 0 ? 0.5 : (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    private static List<ReliabilityBin> Deciles(IReadOnlyList<double> predicted, IReadOnlyList<bool> outcomes)
    {
        var order = Enumerable.Range(0, predicted.Count).OrderBy(i => predicted[i]).ToArray();
        var bins = new List<ReliabilityBin>(10);
        for (var decile = 0; decile < 10; decile++)
        {
            int from = decile * order.Length / 10, to = (decile + 1) * order.Length / 10;
            if (to <= from)
            {
                continue;
            }
            var members = order[from..to];
            bins.Add(new ReliabilityBin(decile + 1, members.Length,
                Round(members.Average(i => predicted[i])), Round(members.Count(i => outcomes[i]) / (double)members.Length)));
        }
        return bins;
    }

    private static double Round(double value) => Math.Round(value, 4);
}
