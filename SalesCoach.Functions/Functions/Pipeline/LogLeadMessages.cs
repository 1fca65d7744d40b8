using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Leads;
using Job = SalesCoach.Core.Leads.LogLeadMessages;

namespace SalesCoach.Functions.Functions.Pipeline;

/// <summary>POST /api/v1/leads/{id}/messages {"increment": 5}: activity; the first one moves new → contacted.</summary>
public static class LogLeadMessages
{
    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/api/v1/leads/{id}/messages", HandleAsync).WithName(nameof(LogLeadMessages));

    private static async Task<Ok<LeadView>> HandleAsync(string id, MessagesBody body, Job job, CancellationToken cancellationToken)
    {
        var leadId = LeadInput.Id(id);
        var increment = LeadInput.Range(body.Increment, "increment", 1, Job.MaxIncrement);
        return TypedResults.Ok(LeadView.Of(await job.RunAsync(leadId, increment, cancellationToken)));
    }
}
