using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Crm.Import;
using Job = SalesCoach.Core.Crm.Import.ImportData;

namespace SalesCoach.Functions.Functions;

/// <summary>POST /api/import: the generic bulk import (a JSON array of normalized records; README "Generic import").</summary>
public static class ImportData
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/import", HandleAsync).WithName(nameof(ImportData));

    private static async Task<Ok<ImportResult>> HandleAsync(HttpContext context, Job job, ImportOptions options, CancellationToken cancellationToken)
    {
        // Our own limit applies (413 problem); lift the server's default so it does not cut in first.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxBytes + 1;
        }
        return TypedResults.Ok(await job.RunAsync(context.Request.Body, cancellationToken));
    }
}
