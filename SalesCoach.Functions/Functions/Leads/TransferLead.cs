// Owns POST /api/v1/leads/{id}/transfer.
using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting.OpenApi;
using Job = SalesCoach.Core.Leads.TransferLead;

namespace SalesCoach.Functions.Functions.Leads;

public sealed class TransferLead(Job job)
{
    [Function(nameof(TransferLead))]
    [ApiOperation("Transfers a qualified lead to sales after its gates (business domain, AI score, stage): creates the sale and moves the lead in one transaction.", Response = typeof(SaleView), Status = 201)]
    [ApiQuery("amount", "number", "The sale amount (default 0).")]
    [ApiQuery("changed_by", "string", "The manager making the transfer.")]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/leads/{id}/transfer")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var leadId = LeadInput.Id(id);
        string? amount = request.Query["amount"];
        decimal? parsed = amount is null ? 0m
            : decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value
            : throw new InputValidationException("amount", $"'amount' must be a number, not '{amount}'.");
        var sale = await job.RunAsync(leadId, LeadInput.Amount(parsed, "amount"), LeadInput.ManagerId(request.Query["changed_by"], "changed_by"), cancellationToken);
        return TypedResults.Created($"/api/v1/sales/{sale.Id}", SaleView.Of(sale));
    }
}
