// Owns PATCH /api/v1/sales/{id}/stage.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Sales;
using SalesCoach.Functions.Functions.Leads;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;
using Job = SalesCoach.Core.Sales.ChangeSaleStage;

namespace SalesCoach.Functions.Functions.Sales;

public sealed class ChangeSaleStage(Job job)
{
    [Function(nameof(ChangeSaleStage))]
    [ApiOperation("Moves a sale one step (new → kyc → agreement → paid) or to lost; skipping is a 409.", Body = typeof(StageBody), Response = typeof(SaleView))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "patch", Route = "v1/sales/{id}/stage")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var saleId = LeadInput.Id(id);
        var body = await RequestBody.ReadJsonAsync<StageBody>(request, cancellationToken);
        var stage = LeadInput.Enum<SaleStage>(body.Stage, "stage");
        return TypedResults.Ok(SaleView.Of(await job.RunAsync(saleId, stage, LeadInput.ManagerId(body.ChangedBy, "changed_by"), body.Reason, cancellationToken)));
    }
}
