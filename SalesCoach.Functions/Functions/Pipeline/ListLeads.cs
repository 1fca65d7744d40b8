using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SalesCoach.Core.Leads;

namespace SalesCoach.Functions.Functions.Pipeline;

/// <summary>GET /api/v1/leads?stage=&amp;source=&amp;manager_id=&amp;page_size=20&amp;continuation=: filtered, paged (follow "next").</summary>
public static class ListLeads
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/api/v1/leads", HandleAsync).WithName(nameof(ListLeads));

    private static async Task<Ok<PageView<LeadView>>> HandleAsync(
        [FromQuery(Name = "stage")] string? stage, [FromQuery(Name = "source")] string? source, [FromQuery(Name = "manager_id")] string? managerId,
        [FromQuery(Name = "page_size")] string? pageSize, [FromQuery(Name = "continuation")] string? continuation,
        PipelineRepository pipeline, CancellationToken cancellationToken)
    {
        var filter = new LeadFilter(
            LeadInput.OptionalEnum<LeadStage>(stage, "stage"),
            LeadInput.OptionalEnum<LeadSource>(source, "source"),
            LeadInput.ManagerId(managerId, "manager_id"));
        var size = QueryValues.Int(pageSize, "page_size", defaultValue: 20, min: 1, max: 100);
        var page = await pipeline.ListLeadsAsync(filter, size, continuation, cancellationToken);
        return TypedResults.Ok(new PageView<LeadView>(page.Items.Select(l => LeadView.Of(l)).ToList(), page.Items.Count, page.Next));
    }
}
