// Owns GET /api/v1/dashboard and its views: totals, leads and sales by stage, the conversion funnel, stage velocity.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Sales;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Sales;

public sealed class PipelineDashboardFunctions(PipelineDashboard dashboard)
{
    [Function("GetDashboard")]
    [ApiOperation("Pipeline totals: leads and sales by stage, paid and open amounts, lead-to-sale conversion, average AI score.", Response = typeof(DashboardTotals))]
    public async Task<IResult> TotalsAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/dashboard")] HttpRequest request, CancellationToken cancellationToken) =>
        TypedResults.Ok(await dashboard.TotalsAsync(cancellationToken));

    [Function("GetLeadsByStage")]
    [ApiOperation("Leads per stage.", Response = typeof(IReadOnlyDictionary<string, int>))]
    public async Task<IResult> LeadsByStageAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/dashboard/leads-by-stage")] HttpRequest request, CancellationToken cancellationToken) =>
        TypedResults.Ok(await dashboard.LeadsByStageAsync(cancellationToken));

    [Function("GetSalesByStage")]
    [ApiOperation("Sales per stage: count and amount.", Response = typeof(IReadOnlyDictionary<string, StageAmount>))]
    public async Task<IResult> SalesByStageAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/dashboard/sales-by-stage")] HttpRequest request, CancellationToken cancellationToken) =>
        TypedResults.Ok(await dashboard.SalesByStageAsync(cancellationToken));

    [Function("GetConversionFunnel")]
    [ApiOperation("From lead new to sale paid: how many reached each stage and the share of the step before.", Response = typeof(IReadOnlyList<FunnelStep>))]
    public async Task<IResult> ConversionFunnelAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/dashboard/conversion-funnel")] HttpRequest request, CancellationToken cancellationToken) =>
        TypedResults.Ok(await dashboard.ConversionFunnelAsync(cancellationToken));

    [Function("GetStageVelocity")]
    [ApiOperation("Average and median days spent in each stage before leaving it.", Response = typeof(IReadOnlyList<StageVelocity>))]
    public async Task<IResult> VelocityAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/dashboard/velocity")] HttpRequest request, CancellationToken cancellationToken) =>
        TypedResults.Ok(await dashboard.VelocityAsync(cancellationToken));
}
