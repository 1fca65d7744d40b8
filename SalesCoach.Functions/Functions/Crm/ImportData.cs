// Owns POST /api/import: the generic bulk import of managers, deals, activities, chats and messages.
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Crm.Import;
using SalesCoach.Functions.Hosting.OpenApi;
using Job = SalesCoach.Core.Crm.Import.ImportData;

namespace SalesCoach.Functions.Functions.Crm;

public sealed class ImportData(Job job, ImportOptions options)
{
    [Function(nameof(ImportData))]
    [ApiOperation("Imports a JSON array of records (manager, deal, activity, chat, message). The whole file is validated first: a bad record is a 400 naming [index].field and nothing is written.", Response = typeof(ImportResult))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "import")] HttpRequest request, CancellationToken cancellationToken)
    {
        // Our own limit applies (413 problem); lift the server's default so it does not cut in first.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxBytes + 1;
        }
        return TypedResults.Ok(await job.RunAsync(request.Body, cancellationToken));
    }
}
