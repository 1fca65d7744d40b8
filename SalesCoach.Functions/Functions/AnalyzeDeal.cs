using Microsoft.AspNetCore.Http.HttpResults;
using Job = SalesCoach.Core.Deals.AnalyzeDeal;

namespace SalesCoach.Functions.Functions;

/// <summary>POST /api/deals/{dealId}/analyze?notify=true (seed 000, "Analyze Single Deal").</summary>
public static class AnalyzeDeal
{
    public sealed record Response(
        string Status, string DealId, bool Notify, string Message,
        string AnalysisId, string Priority, int ConversionProbability, int QueuedMessages);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/deals/{dealId}/analyze", HandleAsync).WithName(nameof(AnalyzeDeal));

    private static async Task<Ok<Response>> HandleAsync(string dealId, string? notify, Job job, CancellationToken cancellationToken)
    {
        var shouldNotify = QueryValues.Bool(notify, "notify", defaultValue: true);
        var (analysis, queued) = await job.RunAsync(dealId, shouldNotify, cancellationToken);
        var advice = analysis.Record.Advice;
        return TypedResults.Ok(new Response(
            "queued", analysis.Deal.Id, shouldNotify,
            shouldNotify ? "Deal analysis queued" : "Deal analysed; no notification requested",
            analysis.Record.Id, advice.Priority.ToString().ToLowerInvariant(), advice.ConversionProbability, queued));
    }
}
