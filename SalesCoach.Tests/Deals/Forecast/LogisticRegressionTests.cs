using SalesCoach.Core.Deals.Forecast;

namespace SalesCoach.Tests.Deals.Forecast;

public sealed class LogisticRegressionTests
{
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void Recovers_known_coefficients_from_simulated_outcomes()
    {
        var random = new Random(7);
        double[] truth = [-0.5, 1.2, -0.8];
        var rows = new List<double[]>();
        var labels = new List<double>();
        for (var i = 0; i < 20_000; i++)
        {
            double[] x = [1, Normal(random), Normal(random)];
            rows.Add(x);
            labels.Add(random.NextDouble() < LogisticRegression.Predict(truth, x) ? 1 : 0);
        }
        var fit = LogisticRegression.Train(rows, labels, Enumerable.Repeat(1.0, rows.Count).ToList(), l2: 1e-9);

        Assert.True(fit.Converged);
        for (var j = 0; j < truth.Length; j++)
        {
            Assert.InRange(fit.Coefficients[j], truth[j] - 0.08, truth[j] + 0.08);
        }
    }

    [Fact]
    public void Weights_count_a_row_as_that_many_rows()
    {
        double[][] rows = [[1, 0], [1, 1], [1, 1], [1, 0]];
        double[] labels = [0, 1, 0, 1];
        var weighted = LogisticRegression.Train([rows[0], rows[1], rows[2], rows[3]], labels, [1, 3, 1, 1], l2: 1e-9);
        var repeated = LogisticRegression.Train([rows[0], rows[1], rows[1], rows[1], rows[2], rows[3]], [0, 1, 1, 1, 0, 1], [1, 1, 1, 1, 1, 1], l2: 1e-9);
        Assert.Equal(repeated.Coefficients[1], weighted.Coefficients[1], 6);
        // Three of four x=1 rows won: the fitted probability is their share.
        Assert.Equal(0.75, LogisticRegression.Predict(weighted.Coefficients, [1, 1]), 4);
    }

    [Fact]
    public void L2_shrinks_a_separating_feature_instead_of_diverging()
    {
        double[][] rows = [[1, -1], [1, -1], [1, 1], [1, 1]];
        double[] labels = [0, 0, 1, 1];
        var fit = LogisticRegression.Train(rows, labels, [1, 1, 1, 1], l2: 1);
        Assert.True(double.IsFinite(fit.Coefficients[1]));
        Assert.InRange(fit.Coefficients[1], 0.1, 5);
    }
}

public sealed class ScoreEvaluationTests
{
    [Fact]
    public void Auc_and_brier_match_hand_computed_values()
    {
        var evaluation = ScoreEvaluation.Of([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);
        Assert.Equal(0.75, evaluation.Auc);
        Assert.Equal(0.1581, evaluation.Brier);
        Assert.Equal(2, evaluation.Positives);
    }

    [Fact]
    public void Auc_is_one_for_a_perfect_order_zero_reversed_and_half_for_ties()
    {
        Assert.Equal(1.0, ScoreEvaluation.AreaUnderCurve([0.1, 0.2, 0.8, 0.9], [false, false, true, true]));
        Assert.Equal(0.0, ScoreEvaluation.AreaUnderCurve([0.9, 0.8, 0.2, 0.1], [false, false, true, true]));
        Assert.Equal(0.5, ScoreEvaluation.AreaUnderCurve([0.3, 0.3, 0.3, 0.3], [false, true, false, true]));
    }

    [Fact]
    public void Reliability_has_ten_bins_of_the_sorted_predictions()
    {
        var predicted = Enumerable.Range(0, 100).Select(i => i / 100.0).ToList();
        var outcomes = predicted.Select(p => p >= 0.5).ToList();
        var bins = ScoreEvaluation.Of(predicted, outcomes).Reliability;
        Assert.Equal(10, bins.Count);
        Assert.All(bins, b => Assert.Equal(10, b.Count));
        Assert.Equal(0.0, bins[0].ObservedRate);
        Assert.Equal(1.0, bins[9].ObservedRate);
        Assert.Equal(0.045, bins[0].MeanPredicted, 3);
    }
}
