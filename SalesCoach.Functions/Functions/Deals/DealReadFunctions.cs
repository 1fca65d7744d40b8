// Owns reading coaching results: a deal's latest analysis, and a manager's deals in attention order.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Deals.Forecast;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Deals;

public sealed class GetDealAnalysis(AnalysisRepository analyses)
{
    public sealed record Response(
        string AnalysisId, string DealId, string ManagerId, string? RunId, DateTimeOffset CreatedAt, string? Language,
        DealMetrics Metrics, CoachingAdvice Advice, WinForecast Forecast, DealRisk? Risk, string? RiskReasons, decimal? ValueAtRisk, CoachingUsage Tokens);

    [Function(nameof(GetDealAnalysis))]
    [ApiOperation("A deal's latest analysis: metrics, advice, win probability and where it came from (the team's model, the rule-based estimate or the AI's estimate), risk of loss with its reasons, value at risk, and the LLM tokens it cost. 404 when the deal was never analysed.", Response = typeof(Response))]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "deals/{dealId}/analysis")] HttpRequest request, string dealId, CancellationToken cancellationToken)
    {
        Keys.RequireId(dealId, "dealId");
        var record = await analyses.GetLatestAsync(dealId, cancellationToken) ?? throw new NotFoundException("Analysis of deal", dealId);
        var texts = CoachingTexts.For(record.Language);
        return TypedResults.Ok(new Response(record.Id, record.DealId, record.ManagerId, record.RunId, record.CreatedAt, record.Language,
            record.Metrics, record.Advice, record.ShownForecast, record.Risk, record.Risk?.Describe(texts, int.MaxValue), record.ValueAtRisk, record.Usage));
    }
}

public sealed class ListManagerDeals(DealRankings rankings)
{
    [Function(nameof(ListManagerDeals))]
    [ApiOperation("A manager's open deals in attention order (sort=risk: most value at risk first, value × win probability × risk of loss), page by page, from the latest team run's ranking (ranked now if there is none). Where the summaries' \"and N more\" leads.", Response = typeof(RankingPage))]
    [ApiQuery("sort", "string", "Only \"risk\" (the default).")]
    [ApiQuery("page_size", "integer", "Deals per page (1–200, default 50).")]
    [ApiQuery("continuation", "string", "The token of the previous page. A ranking replaced twice since makes it 409: start again.")]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "managers/{managerId}/deals")] HttpRequest request, string managerId, CancellationToken cancellationToken)
    {
        Keys.RequireId(managerId, "managerId");
        var sort = request.Query["sort"].ToString();
        if (sort.Length > 0 && sort != "risk")
        {
            throw new InputValidationException("sort", $"'sort' must be \"risk\", not '{sort}'.");
        }
        var pageSize = QueryValues.Int(request.Query["page_size"], "page_size", defaultValue: 50, min: 1, max: DealRankings.MaxPageSize);
        var continuation = request.Query["continuation"].ToString();
        return TypedResults.Ok(await rankings.PageAsync(managerId, pageSize, continuation.Length == 0 ? null : continuation, cancellationToken));
    }
}
