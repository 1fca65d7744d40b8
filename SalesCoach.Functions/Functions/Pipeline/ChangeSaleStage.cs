using Microsoft.AspNetCore.Http.HttpResults;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Sales;
using Job = SalesCoach.Core.Sales.ChangeSaleStage;

namespace SalesCoach.Functions.Functions.Pipeline;

/// <summary>PATCH /api/v1/sales/{id}/stage {"stage": "kyc"}: new → kyc → agreement → paid | lost.</summary>
public static class ChangeSaleStage
{
    public static void Map(IEndpointRouteBuilder app) => app.MapPatch("/api/v1/sales/{id}/stage", HandleAsync).WithName(nameof(ChangeSaleStage));

    private static async Task<Ok<SaleView>> HandleAsync(string id, StageBody body, Job job, CancellationToken cancellationToken)
    {
        var saleId = LeadInput.Id(id);
        var stage = LeadInput.Enum<SaleStage>(body.Stage, "stage");
        return TypedResults.Ok(SaleView.Of(await job.RunAsync(saleId, stage, LeadInput.ManagerId(body.ChangedBy, "changed_by"), body.Reason, cancellationToken)));
    }
}
