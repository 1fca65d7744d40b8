using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SalesCoach.Core.Leads;
using Job = SalesCoach.Core.Leads.AnalyzeLead;

namespace SalesCoach.Functions.Functions.Pipeline;

/// <summary>POST /api/v1/leads/{id}/analyze[?force=true]: {"score","recommendation","reason",…} (seed 003).</summary>
public static class AnalyzeLead
{
    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/api/v1/leads/{id}/analyze", HandleAsync).WithName(nameof(AnalyzeLead));

    private static async Task<Ok<AnalysisView>> HandleAsync(string id, [FromQuery(Name = "force")] string? force, Job job, CancellationToken cancellationToken)
    {
        var leadId = LeadInput.Id(id);
        var result = await job.RunAsync(leadId, QueryValues.Bool(force, "force", defaultValue: false), cancellationToken);
        var score = result.Score;
        return TypedResults.Ok(new AnalysisView(score.Score, score.Recommendation, score.Reason, score.Source, score.AnalyzedAt, result.Cached));
    }
}
