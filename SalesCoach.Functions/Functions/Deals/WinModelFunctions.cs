// Owns the win model's functions: read it, refit it on demand, refit it on a schedule, and refresh it before a team run.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Deals.Forecast;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Deals;

public sealed class GetWinModel(WinModelRepository store)
{
    public sealed record Response(WinModelReport? Current, IReadOnlyList<WinModelReport> History);

    [Function(nameof(GetWinModel))]
    [ApiOperation("The win-probability model in use: whether cards show the model learned from the team's closed deals or the rule-based estimate (and why), how much history it learned from, its evaluation on a time-ordered holdout (AUC, Brier score, reliability by decile) against the rule score and the base rate, feature weights, the team's norms, and earlier fits.", Response = typeof(Response))]
    [ApiQuery("history", "integer", "Earlier fits to list (0–50, default 5).")]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "coaching/model")] HttpRequest request, CancellationToken cancellationToken)
    {
        var history = QueryValues.Int(request.Query["history"], "history", defaultValue: 5, min: 0, max: 50);
        var current = await store.GetAsync(cancellationToken);
        var earlier = history == 0 ? [] : await store.ListHistoryAsync(history, cancellationToken);
        return TypedResults.Ok(new Response(current?.Report, earlier));
    }
}

public sealed class RefitWinModel(FitWinModel job)
{
    public sealed record Body(string? HoldoutFrom);

    [Function(nameof(RefitWinModel))]
    [ApiOperation("Refits the win-probability model now on every closed deal and stores it with its holdout evaluation. Optional body {\"holdout_from\": \"2017-10-01\"}: evaluate on deals closed from that date (default: the latest fifth of closed deals). Answers the new report.", Response = typeof(WinModelReport))]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "coaching/model/refit")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadOptionalJsonAsync<Body>(request, cancellationToken, maxBytes: 4096);
        DateTimeOffset? holdoutFrom = null;
        if (body?.HoldoutFrom is { } text)
        {
            holdoutFrom = DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw new InputValidationException("holdout_from", $"'holdout_from' must be an ISO 8601 date, not '{text}'.");
        }
        var stored = await job.RunAsync(holdoutFrom, cancellationToken);
        return TypedResults.Ok(stored.Report);
    }
}

public sealed class RefitWinModelTimer(FitWinModel job, ILogger<RefitWinModelTimer> logger)
{
    [Function(nameof(RefitWinModelTimer))]
    public async Task RunAsync([TimerTrigger("%Coaching:RefitSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var stored = await job.RunAsync(null, cancellationToken);
        logger.LogInformation("Win model refitted on schedule: {Status}, {Closed} closed deals", stored.Report.Status, stored.Report.ClosedDeals);
    }
}

public sealed class RefreshWinModel(FitWinModel job)
{
    public const string Name = nameof(RefreshWinModel);

    public sealed record Result(string Status, string? ModelId, DateTimeOffset FittedAt);

    /// <summary>A team run's first step: fit the model when there is none or it is older than Coaching__MaxAgeHours.</summary>
    [Function(Name)]
    public async Task<Result> RunAsync([ActivityTrigger] string runId, CancellationToken cancellationToken)
    {
        var stored = await job.EnsureFreshAsync(cancellationToken);
        return new Result(stored.Report.Status, stored.Report.ModelId, stored.Report.FittedAt);
    }
}
