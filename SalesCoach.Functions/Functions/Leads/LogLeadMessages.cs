// Owns POST /api/v1/leads/{id}/messages.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Leads;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;
using Job = SalesCoach.Core.Leads.LogLeadMessages;

namespace SalesCoach.Functions.Functions.Leads;

public sealed class LogLeadMessages(Job job)
{
    [Function(nameof(LogLeadMessages))]
    [ApiOperation("Counts messages exchanged with a lead (1–1000); the first activity moves it from new to contacted.", Body = typeof(MessagesBody), Response = typeof(LeadView))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/leads/{id}/messages")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var leadId = LeadInput.Id(id);
        var body = await RequestBody.ReadJsonAsync<MessagesBody>(request, cancellationToken);
        var increment = LeadInput.Range(body.Increment, "increment", 1, Job.MaxIncrement);
        return TypedResults.Ok(LeadView.Of(await job.RunAsync(leadId, increment, cancellationToken)));
    }
}
