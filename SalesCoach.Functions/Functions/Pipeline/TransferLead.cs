using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Platform;
using Job = SalesCoach.Core.Leads.TransferLead;

namespace SalesCoach.Functions.Functions.Pipeline;

/// <summary>POST /api/v1/leads/{id}/transfer?amount=10000: hard gates, then a new sale (201).</summary>
public static class TransferLead
{
    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/api/v1/leads/{id}/transfer", HandleAsync).WithName(nameof(TransferLead));

    private static async Task<Created<SaleView>> HandleAsync(
        string id, [FromQuery(Name = "amount")] string? amount, [FromQuery(Name = "changed_by")] string? changedBy, Job job, CancellationToken cancellationToken)
    {
        var leadId = LeadInput.Id(id);
        decimal? parsed = amount is null ? 0m
            : decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value
            : throw new InputValidationException("amount", $"'amount' must be a number, not '{amount}'.");
        var sale = await job.RunAsync(leadId, LeadInput.Amount(parsed, "amount"), LeadInput.ManagerId(changedBy, "changed_by"), cancellationToken);
        return TypedResults.Created($"/api/v1/sales/{sale.Id}", SaleView.Of(sale));
    }
}
