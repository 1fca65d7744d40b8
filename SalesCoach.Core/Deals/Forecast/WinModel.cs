// Owns the fitted win model: its features, their scaling, its coefficients and the managers' win records it reads.
using SalesCoach.Core.Deals.Coaching;

namespace SalesCoach.Core.Deals.Forecast;

/// <summary>What the win model reads about one open deal at one instant (all known at that instant).</summary>
public sealed record WinInputs(string Stage, string? Product, decimal Budget, DealMetrics Metrics, double ManagerWinRate);

/// <summary>One feature column: its name, how it was centred and scaled, and the range seen in training (inputs are clamped to it).</summary>
public sealed record FeatureColumn(string Name, double Mean, double Scale, double Min, double Max);

/// <summary>A manager's closed deals so far: <see cref="Won"/> of <see cref="Closed"/>.</summary>
public sealed record WinRecord(int Won, int Closed);

/// <summary>
/// Win probability learned from the team's closed deals: a logistic regression over the features of
/// <see cref="WinFeatures"/>, standardised with the training rows' mean and deviation. The manager's own
/// win rate enters shrunk towards the team's (<see cref="Shrinkage"/> pseudo-deals), so a newcomer with
/// two lucky deals is not read as a star.
/// </summary>
public sealed record WinModel
{
    public required string Id { get; init; }
    public required DateTimeOffset FittedAt { get; init; }
    public required int ClosedDeals { get; init; }
    public required int Won { get; init; }
    /// <summary>Landmark rows the model was fitted on (several per deal, weighted to one deal each).</summary>
    public required int TrainingRows { get; init; }
    public required IReadOnlyList<string> Stages { get; init; }
    public required IReadOnlyList<string> Products { get; init; }
    public required IReadOnlyList<FeatureColumn> Columns { get; init; }
    /// <summary>Intercept first, then one per column.</summary>
    public required IReadOnlyList<double> Coefficients { get; init; }
    public required IReadOnlyDictionary<string, WinRecord> Managers { get; init; }
    public required double TeamWinRate { get; init; }
    public required double Shrinkage { get; init; }

    /// <summary>The manager's win rate as the model reads it: (won + k·team rate) / (closed + k).</summary>
    public double ManagerWinRate(string managerId) =>
        WinFeatures.Shrunk(Managers.GetValueOrDefault(managerId) ?? new WinRecord(0, 0), TeamWinRate, Shrinkage);

    public double Predict(WinInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var raw = WinFeatures.Raw(inputs, Stages, Products);
        return LogisticRegression.Predict(Coefficients, Standardise(raw));
    }

    /// <summary>The model's row for raw features: 1 for the intercept, then each column clamped to its training range and scaled.</summary>
    public double[] Standardise(IReadOnlyDictionary<string, double> raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var row = new double[Columns.Count + 1];
        row[0] = 1;
        for (var i = 0; i < Columns.Count; i++)
        {
            var column = Columns[i];
            var value = Math.Clamp(raw.GetValueOrDefault(column.Name), column.Min, column.Max);
            row[i + 1] = (value - column.Mean) / column.Scale;
        }
        return row;
    }
}

/// <summary>The win model's features, computed the same way in training and in use.</summary>
public static class WinFeatures
{
    public const string StagePrefix = "stage=";
    public const string ProductPrefix = "product=";

    /// <summary>
    /// Raw feature values by name. Counts and days enter as log(1 + x): the difference between 0 and 10
    /// idle days matters more than between 300 and 310. Stage and product are one-hot over the values
    /// the model knows; anything else is the reference level (all zero).
    /// </summary>
    public static Dictionary<string, double> Raw(WinInputs inputs, IReadOnlyCollection<string> stages, IReadOnlyCollection<string> products)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(products);
        var m = inputs.Metrics;
        var touched = m.TotalTouches > 0;
        var features = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["log_age_days"] = Math.Log(1 + m.DealAgeDays),
            ["log_days_in_stage"] = Math.Log(1 + m.DaysInCurrentStage),
            ["log_value"] = Math.Log(1 + (double)inputs.Budget),
            ["log_calls"] = Math.Log(1 + m.CallCount),
            ["log_messages"] = Math.Log(1 + m.MessageCount),
            ["has_touches"] = touched ? 1 : 0,
            ["log_days_since_touch"] = touched ? Math.Log(1 + m.DaysSinceLastActivity) : 0,
            ["log_stage_moves"] = Math.Log(1 + m.StageMoves),
            ["has_planned_task"] = m.PlannedTasks > 0 ? 1 : 0,
            ["has_overdue_task"] = m.OverdueTasks > 0 ? 1 : 0,
            ["manager_win_rate_logit"] = LogisticRegression.Logit(Math.Clamp(inputs.ManagerWinRate, 0.01, 0.99)),
        };
        if (stages.Contains(inputs.Stage))
        {
            features[StagePrefix + inputs.Stage] = 1;
        }
        if (inputs.Product is { } product && products.Contains(product))
        {
            features[ProductPrefix + product] = 1;
        }
        return features;
    }

    public static double Shrunk(WinRecord record, double teamRate, double shrinkage)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (record.Won + shrinkage * teamRate) / (record.Closed + shrinkage);
    }
}

/// <summary>Where a shown win probability came from.</summary>
public static class ForecastSources
{
    /// <summary>The team's fitted win model.</summary>
    public const string Model = "model";
    /// <summary>The rule score, an estimate (fewer closed deals than the model needs, or no model fitted yet).</summary>
    public const string Rules = RuleCoach.SourceName;
    /// <summary>The LLM's own estimate, shown only when no model is fitted.</summary>
    public const string Llm = "llm";
}

/// <summary>A deal's win probability and where it came from.</summary>
public sealed record WinForecast(double Probability, string Source, string? ModelId = null)
{
    public int Percent => (int)Math.Round(Probability * 100, MidpointRounding.AwayFromZero);
}
