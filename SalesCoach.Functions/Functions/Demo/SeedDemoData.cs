// Owns POST /api/demo/seed: loads the demo team.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Demo;
using SalesCoach.Functions.Hosting.OpenApi;
using Job = SalesCoach.Core.Demo.SeedDemoData;

namespace SalesCoach.Functions.Functions.Demo;

public sealed class SeedDemoData(Job job)
{
    [Function(nameof(SeedDemoData))]
    [ApiOperation("Loads the demo team (managers, deals with calls, messages, tasks and stage history, and yesterday's chats). Idempotent.", Response = typeof(SeedDemoDataResult))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "demo/seed")] HttpRequest request, CancellationToken cancellationToken) =>
        TypedResults.Ok(await job.RunAsync(cancellationToken));
}
