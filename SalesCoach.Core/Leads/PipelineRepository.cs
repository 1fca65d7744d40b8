// Owns the pipeline table: leads, their sales and history rows, changed under the lead's ETag.
using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;
using SalesCoach.Core.Sales;

namespace SalesCoach.Core.Leads;

/// <summary>What one mutation of a lead writes: the lead, its new history rows, and a sale when transferred.</summary>
public sealed record LeadChange(Lead Lead, IReadOnlyList<StageTransition> Transitions, Sale? NewSale = null);


/// <summary>A history row with the lead (and sale) it belongs to.</summary>
public sealed record HistoryEntry(long LeadId, StageTransition Transition);

public sealed record LeadFilter(LeadStage? Stage, LeadSource? Source, string? OwnerManagerId);

/// <summary>
/// Leads, their sale and their stage history share one partition per lead ("L0000000042"), so a stage
/// change (lead row + history row) and a transfer (lead + sale + history) are each one entity-group
/// transaction guarded by the lead's ETag: concurrent changes serialize, and nothing is half-written.
/// </summary>
public sealed class PipelineRepository(StorageAccount storage)
{
    private const string TableName = "pipeline";
    private const string LeadRow = "lead";
    private const string SaleRow = "sale";
    private const string HistoryPrefix = "h";
    private const int MaxConcurrencyRetries = 10;
    private const string CounterPartition = "counter";
    private const string CounterRow = "next-lead-id";
    // Lead partitions are "L…"; the range keeps queries off the counter and anything else in the table.
    private const string LeadPartitions = "PartitionKey ge 'L' and PartitionKey lt 'M'";

    public static string PartitionOf(long leadId) => "L" + leadId.ToString("D12", CultureInfo.InvariantCulture);

    public async Task<long> NextLeadIdAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var counter = await table.FindAsync(CounterPartition, CounterRow, cancellationToken).ConfigureAwait(false);
            var next = (counter?.GetInt64("Last") ?? 0) + 1;
            try
            {
                var entity = new TableEntity(CounterPartition, CounterRow) { ["Last"] = next };
                if (counter is null)
                {
                    await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.UpdateEntityAsync(entity, counter.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                return next;
            }
            catch (RequestFailedException e) when ((e.IsPreconditionFailed() || e.IsConflict()) && attempt < 50)
            {
            }
        }
    }

    public async Task AddLeadAsync(Lead lead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        await table.AddEntityAsync(LeadEntity(lead), cancellationToken).ConfigureAwait(false);
    }

    public async Task<Lead?> GetLeadAsync(long id, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(PartitionOf(id), LeadRow, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : LeadFromEntity(entity);
    }

    public async Task<Sale?> GetSaleAsync(long id, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var entity = await table.FindAsync(PartitionOf(id), SaleRow, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : SaleFromEntity(entity);
    }

    /// <summary>The lead's and its sale's stage history, oldest first.</summary>
    public async Task<IReadOnlyList<StageTransition>> HistoryAsync(long leadId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var filter = $"PartitionKey eq '{PartitionOf(leadId)}' and RowKey ge '{HistoryPrefix}' and RowKey lt 'i'";
        return await table.QueryListAsync(filter, HistoryFromEntity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the lead, lets <paramref name="change"/> decide (it may throw to refuse), and writes the
    /// outcome in one transaction guarded by the lead's ETag; on a concurrent change it reads again and
    /// asks again, so the decision is always made on the current lead.
    /// </summary>
    public async Task<LeadChange> MutateLeadAsync(long leadId, Func<Lead, LeadChange> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var entity = await table.FindAsync(PartitionOf(leadId), LeadRow, cancellationToken).ConfigureAwait(false)
                ?? throw new NotFoundException("Lead", leadId.ToString(CultureInfo.InvariantCulture));
            var outcome = change(LeadFromEntity(entity));
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, LeadEntity(outcome.Lead), entity.ETag) };
            actions.AddRange(outcome.Transitions.Select((t, i) => new TableTransactionAction(TableTransactionActionType.Add, HistoryEntity(leadId, t, i))));
            if (outcome.NewSale is { } sale)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, SaleEntity(sale)));
            }
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return outcome;
            }
            catch (TableTransactionFailedException e) when ((e.Status == 412 || e.Status == 409) && attempt < MaxConcurrencyRetries)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 40)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The sale counterpart of <see cref="MutateLeadAsync"/>.</summary>
    public async Task<(Sale Sale, StageTransition Transition)> MutateSaleAsync(long saleId, Func<Sale, (Sale Sale, StageTransition Transition)> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var entity = await table.FindAsync(PartitionOf(saleId), SaleRow, cancellationToken).ConfigureAwait(false)
                ?? throw new NotFoundException("Sale", saleId.ToString(CultureInfo.InvariantCulture));
            var outcome = change(SaleFromEntity(entity));
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.UpdateReplace, SaleEntity(outcome.Sale), entity.ETag),
                new(TableTransactionActionType.Add, HistoryEntity(saleId, outcome.Transition, 0)),
            ];
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return outcome;
            }
            catch (TableTransactionFailedException e) when ((e.Status == 412 || e.Status == 409) && attempt < MaxConcurrencyRetries)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 40)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<ListPage<Lead>> ListLeadsAsync(LeadFilter filter, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var clauses = new List<string> { LeadPartitions, $"RowKey eq '{LeadRow}'" };
        if (filter.Stage is { } stage)
        {
            clauses.Add($"Stage eq '{stage}'");
        }
        if (filter.Source is { } source)
        {
            clauses.Add($"Source eq '{source}'");
        }
        if (filter.OwnerManagerId is { } owner)
        {
            clauses.Add($"OwnerManagerId eq {Keys.Literal(owner)}");
        }
        return await PageAsync(string.Join(" and ", clauses), pageSize, continuation, LeadFromEntity, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ListPage<Sale>> ListSalesAsync(SaleStage? stage, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var filter = $"{LeadPartitions} and RowKey eq '{SaleRow}'" + (stage is { } s ? $" and Stage eq '{s}'" : "");
        return await PageAsync(filter, pageSize, continuation, SaleFromEntity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every lead, sale and history row: the dashboard's input.</summary>
    public async Task<(List<Lead> Leads, List<Sale> Sales, List<HistoryEntry> History)> ScanAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        List<Lead> leads = [];
        List<Sale> sales = [];
        List<HistoryEntry> history = [];
        await foreach (var entity in table.QueryAsync<TableEntity>(LeadPartitions, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            switch (entity.RowKey)
            {
                case LeadRow:
                    leads.Add(LeadFromEntity(entity));
                    break;
                case SaleRow:
                    sales.Add(SaleFromEntity(entity));
                    break;
                default:
                    history.Add(new HistoryEntry(long.Parse(entity.PartitionKey.AsSpan(1), CultureInfo.InvariantCulture), HistoryFromEntity(entity)));
                    break;
            }
        }
        return (leads, sales, history);
    }

    private async Task<ListPage<T>> PageAsync<T>(string filter, int pageSize, string? continuation, Func<TableEntity, T> map, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        return await table.QueryPageAsync(filter, pageSize, continuation, map, cancellationToken).ConfigureAwait(false);
    }

    private static TableEntity LeadEntity(Lead lead) => new(PartitionOf(lead.Id), LeadRow)
    {
        ["Id"] = lead.Id,
        ["Source"] = lead.Source.ToString(),
        ["Stage"] = lead.Stage.ToString(),
        ["BusinessDomain"] = lead.BusinessDomain,
        ["ContactJson"] = lead.Contact is null ? null : Json.Serialize(lead.Contact),
        ["OwnerManagerId"] = lead.OwnerManagerId,
        ["MessageCount"] = lead.MessageCount,
        ["BantJson"] = lead.Bant is null ? null : Json.Serialize(lead.Bant),
        ["ScoreJson"] = lead.Score is null ? null : Json.Serialize(lead.Score),
        ["RecommendationsJson"] = Json.Serialize(lead.Recommendations),
        ["CreatedAt"] = lead.CreatedAt,
        ["UpdatedAt"] = lead.UpdatedAt,
        ["StageChangedAt"] = lead.StageChangedAt,
    };

    private static Lead LeadFromEntity(TableEntity entity) => new()
    {
        Id = entity.GetInt64("Id") ?? throw new InvalidOperationException($"Lead row {entity.PartitionKey} has no Id."),
        Source = Enum.Parse<LeadSource>(entity.RequiredString("Source")),
        Stage = Enum.Parse<LeadStage>(entity.RequiredString("Stage")),
        BusinessDomain = entity.GetString("BusinessDomain"),
        Contact = entity.GetString("ContactJson") is { } contact ? Json.Deserialize<LeadContact>(contact) : null,
        OwnerManagerId = entity.GetString("OwnerManagerId"),
        MessageCount = entity.GetInt32("MessageCount") ?? 0,
        Bant = entity.GetString("BantJson") is { } bant ? Json.Deserialize<BantAssessment>(bant) : null,
        Score = entity.GetString("ScoreJson") is { } score ? Json.Deserialize<LeadScore>(score) : null,
        Recommendations = entity.GetString("RecommendationsJson") is { } recommendations ? Json.Deserialize<List<OwnerRecommendation>>(recommendations) : [],
        CreatedAt = entity.RequiredDate("CreatedAt"),
        UpdatedAt = entity.RequiredDate("UpdatedAt"),
        StageChangedAt = entity.RequiredDate("StageChangedAt"),
    };

    private static TableEntity SaleEntity(Sale sale) => new(PartitionOf(sale.Id), SaleRow)
    {
        ["Id"] = sale.Id,
        ["LeadId"] = sale.LeadId,
        ["Stage"] = sale.Stage.ToString(),
        ["Amount"] = sale.Amount.ToString(CultureInfo.InvariantCulture),
        ["OwnerManagerId"] = sale.OwnerManagerId,
        ["CreatedAt"] = sale.CreatedAt,
        ["UpdatedAt"] = sale.UpdatedAt,
        ["StageChangedAt"] = sale.StageChangedAt,
    };

    private static Sale SaleFromEntity(TableEntity entity) => new()
    {
        Id = entity.GetInt64("Id") ?? throw new InvalidOperationException($"Sale row {entity.PartitionKey} has no Id."),
        LeadId = entity.GetInt64("LeadId") ?? 0,
        Stage = Enum.Parse<SaleStage>(entity.RequiredString("Stage")),
        Amount = decimal.Parse(entity.RequiredString("Amount"), CultureInfo.InvariantCulture),
        OwnerManagerId = entity.GetString("OwnerManagerId"),
        CreatedAt = entity.RequiredDate("CreatedAt"),
        UpdatedAt = entity.RequiredDate("UpdatedAt"),
        StageChangedAt = entity.RequiredDate("StageChangedAt"),
    };

    private static TableEntity HistoryEntity(long leadId, StageTransition transition, int sequence) =>
        new(PartitionOf(leadId), string.Create(CultureInfo.InvariantCulture, $"{HistoryPrefix}{Keys.OldestFirst(transition.At)}-{sequence:D2}-{Guid.NewGuid():N}"))
        {
            ["Entity"] = transition.Entity,
            ["From"] = transition.From,
            ["To"] = transition.To,
            ["Automated"] = transition.Automated,
            ["ChangedBy"] = transition.ChangedBy,
            ["Reason"] = transition.Reason,
            ["At"] = transition.At,
        };

    private static StageTransition HistoryFromEntity(TableEntity entity) => new(
        entity.RequiredString("Entity"),
        entity.RequiredString("From"),
        entity.RequiredString("To"),
        entity.GetBoolean("Automated") ?? false,
        entity.GetString("ChangedBy"),
        entity.GetString("Reason"),
        entity.RequiredDate("At"));
}
