// Owns fitting a weighted, L2-regularised logistic regression by Newton's method (IRLS).
namespace SalesCoach.Core.Deals.Forecast;

/// <summary>
/// Binary logistic regression, P(y = 1 | x) = σ(β·x), fitted by Newton–Raphson (iteratively reweighted
/// least squares) on weighted rows with an L2 penalty λ/2·|β|² that spares the intercept (column 0,
/// which the caller sets to 1). The penalty keeps the Hessian positive definite, so each step is one
/// Cholesky solve; a step that does not lower the penalised loss is halved.
/// </summary>
public static class LogisticRegression
{
    public sealed record Fit(double[] Coefficients, int Iterations, bool Converged, double Loss);

    public static Fit Train(IReadOnlyList<double[]> rows, IReadOnlyList<double> labels, IReadOnlyList<double> weights, double l2, int maxIterations = 100, double tolerance = 1e-9)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(weights);
        if (rows.Count == 0 || rows.Count != labels.Count || rows.Count != weights.Count)
        {
            throw new ArgumentException("Rows, labels and weights must be non-empty and of equal length.", nameof(rows));
        }
        if (l2 <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(l2), l2, "The L2 penalty must be positive.");
        }
        var d = rows[0].Length;
        var beta = new double[d];
        var loss = Loss(rows, labels, weights, beta, l2);
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            var gradient = new double[d];
            var hessian = new double[d, d];
            for (var i = 0; i < rows.Count; i++)
            {
                var x = rows[i];
                var p = Sigmoid(Dot(beta, x));
                var w = weights[i];
                var residual = w * (p - labels[i]);
                var curvature = w * p * (1 - p);
                for (var j = 0; j < d; j++)
                {
                    gradient[j] += residual * x[j];
                    var cx = curvature * x[j];
                    for (var k = 0; k <= j; k++)
                    {
                        hessian[j, k] += cx * x[k];
                    }
                }
            }
            for (var j = 0; j < d; j++)
            {
                for (var k = 0; k < j; k++)
                {
                    hessian[k, j] = hessian[j, k];
                }
                if (j > 0)
                {
                    gradient[j] += l2 * beta[j];
                    hessian[j, j] += l2;
                }
                else
                {
                    // The intercept is not penalised; a whisker of ridge keeps an all-one-label set solvable.
                    hessian[0, 0] += 1e-9;
                }
            }

            var step = SolveCholesky(hessian, gradient);
            var scale = 1.0;
            double[] candidate;
            double candidateLoss;
            do
            {
                candidate = new double[d];
                for (var j = 0; j < d; j++)
                {
                    candidate[j] = beta[j] - scale * step[j];
                }
                candidateLoss = Loss(rows, labels, weights, candidate, l2);
                scale /= 2;
            }
            while (candidateLoss > loss + 1e-12 && scale > 1e-6);

            var change = Math.Abs(loss - candidateLoss);
            beta = candidate;
            loss = candidateLoss;
            if (change < tolerance * (1 + Math.Abs(loss)))
            {
                return new Fit(beta, iteration, true, loss);
            }
        }
        return new Fit(beta, maxIterations, false, loss);
    }

    public static double Predict(IReadOnlyList<double> coefficients, IReadOnlyList<double> x)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentNullException.ThrowIfNull(x);
        return Sigmoid(Dot(coefficients, x));
    }

    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    public static double Logit(double p) => Math.Log(p / (1 - p));

    private static double Dot(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Count; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /// <summary>Weighted negative log-likelihood plus the penalty (intercept excluded).</summary>
    private static double Loss(IReadOnlyList<double[]> rows, IReadOnlyList<double> labels, IReadOnlyList<double> weights, double[] beta, double l2)
    {
        var loss = 0.0;
        for (var i = 0; i < rows.Count; i++)
        {
            var z = Dot(beta, rows[i]);
            // log(1 + e^z) − y·z, computed without overflow.
            var softplus = z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));
            loss += weights[i] * (softplus - labels[i] * z);
        }
        for (var j = 1; j < beta.Length; j++)
        {
            loss += 0.5 * l2 * beta[j] * beta[j];
        }
        return loss;
    }

    /// <summary>Solves A·x = b for a symmetric positive-definite A.</summary>
    private static double[] SolveCholesky(double[,] a, double[] b)
    {
        var n = b.Length;
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i, j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[i, k] * l[j, k];
                }
                if (i == j)
                {
                    l[i, i] = Math.Sqrt(Math.Max(sum, 1e-12));
                }
                else
                {
                    l[i, j] = sum / l[j, j];
                }
            }
        }
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++)
            {
                sum -= l[i, k] * y[k];
            }
            y[i] = sum / l[i, i];
        }
        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (var k = i + 1; k < n; k++)
            {
                sum -= l[k, i] * x[k];
            }
            x[i] = sum / l[i, i];
        }
        return x;
    }
}
