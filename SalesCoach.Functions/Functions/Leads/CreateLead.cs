// Owns POST /api/v1/leads.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Leads;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;
using Job = SalesCoach.Core.Leads.CreateLead;

namespace SalesCoach.Functions.Functions.Leads;

public sealed class CreateLead(Job job)
{
    [Function(nameof(CreateLead))]
    [ApiOperation("Creates a lead at stage new.", Body = typeof(CreateLeadBody), Response = typeof(LeadView), Status = 201)]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/leads")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<CreateLeadBody>(request, cancellationToken);
        var input = new NewLead(
            LeadInput.Enum<LeadSource>(body.Source, "source"),
            LeadInput.BusinessDomain(body.BusinessDomain),
            LeadInput.Contact(body.Contact?.Name, body.Contact?.Phone, body.Contact?.Email),
            LeadInput.ManagerId(body.OwnerManagerId, "owner_manager_id"));
        var lead = await job.RunAsync(input, cancellationToken);
        return TypedResults.Created($"/api/v1/leads/{lead.Id}", LeadView.Of(lead));
    }
}
