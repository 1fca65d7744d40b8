// Owns POST /api/deals/{dealId}/analyze: one deal's analysis, and its card queued on request.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;
using Job = SalesCoach.Core.Deals.AnalyzeDeal;

namespace SalesCoach.Functions.Functions.Deals;

public sealed class AnalyzeDeal(Job job)
{
    public sealed record Response(
        string Status, string DealId, bool Notify, string Message,
        string AnalysisId, string Priority, int ConversionProbability, int QueuedMessages);

    [Function(nameof(AnalyzeDeal))]
    [ApiOperation("Analyses one deal (metrics, advice from the LLM or the rule coach), stores the analysis and queues the coaching card for the manager.", Response = typeof(Response))]
    [ApiQuery("notify", "boolean", "Queue the card in Telegram (default true).")]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "deals/{dealId}/analyze")] HttpRequest request, string dealId, CancellationToken cancellationToken)
    {
        var shouldNotify = QueryValues.Bool(request.Query["notify"], "notify", defaultValue: true);
        var (analysis, queued) = await job.RunAsync(dealId, shouldNotify, cancellationToken);
        var advice = analysis.Record.Advice;
        return TypedResults.Ok(new Response(
            "queued", analysis.Deal.Id, shouldNotify,
            shouldNotify ? "Deal analysis queued" : "Deal analysed; no notification requested",
            analysis.Record.Id, advice.Priority.ToString().ToLowerInvariant(), advice.ConversionProbability, queued));
    }
}
