// Owns a manager's deals in attention order: ranked at each run (or on demand), stored by generation, read page by page.
using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals;

/// <summary>One deal of a stored ranking, as the API shows it.</summary>
public sealed record RankedDeal
{
    public required int Rank { get; init; }
    public required string DealId { get; init; }
    public required string Name { get; init; }
    public string? ClientName { get; init; }
    public required string Stage { get; init; }
    public required decimal Budget { get; init; }
    public required string Currency { get; init; }
    public required double Probability { get; init; }
    public required string ProbabilitySource { get; init; }
    public required RiskLevel RiskLevel { get; init; }
    public required double RiskScore { get; init; }
    /// <summary>The risk's reasons in the manager's language.</summary>
    public required string RiskReasons { get; init; }
    public required IReadOnlyList<string> RiskCodes { get; init; }
    public required decimal ValueAtRisk { get; init; }
    public required int DaysInStage { get; init; }
    /// <summary>Null when the deal's history holds no call or message at all.</summary>
    public int? DaysSinceLastTouch { get; init; }
    public string? FirstAction { get; init; }

    public static RankedDeal From(int rank, DealAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var deal = assessment.Deal;
        var metrics = assessment.Context.Metrics;
        return new RankedDeal
        {
            Rank = rank,
            DealId = deal.Id,
            Name = deal.Name,
            ClientName = deal.ClientName,
            Stage = deal.Stage,
            Budget = deal.Budget,
            Currency = deal.Currency,
            Probability = assessment.Forecast.Probability,
            ProbabilitySource = assessment.Forecast.Source,
            RiskLevel = assessment.Risk.Level,
            RiskScore = assessment.Risk.Score,
            RiskReasons = assessment.Risk.Describe(assessment.Context.Texts, int.MaxValue),
            RiskCodes = assessment.Risk.Reasons.Select(r => r.Code).ToList(),
            ValueAtRisk = assessment.ValueAtRisk,
            DaysInStage = metrics.DaysInCurrentStage,
            DaysSinceLastTouch = metrics.TotalTouches == 0 ? null : metrics.DaysSinceLastActivity,
            FirstAction = assessment.RuleAdvice.ActionItems.FirstOrDefault()?.Title,
        };
    }
}

/// <summary>One page of a manager's ranking.</summary>
public sealed record RankingPage(string ManagerId, int Total, DateTimeOffset RankedAt, string? RunId, IReadOnlyList<RankedDeal> Deals, string? Continuation);

/// <summary>
/// Table "dealrankings", one partition per manager. A pointer row ("current") names the generation in
/// use; a ranking is written as rows "g{generation}-{rank}" before the pointer moves to it, so a reader
/// never sees half a ranking. The previous generation is kept (a reader paging through it finishes
/// its walk); the one before is deleted. Continuation tokens name the generation and the last rank.
/// </summary>
public sealed class DealRankings(StorageAccount storage, DealRepository deals, ManagerRepository managers, DealAssessor assessor, AttentionOptions attention, TimeProvider time)
{
    private const string TableName = "dealrankings";
    private const string Pointer = "current";

    public const int MaxPageSize = 200;

    /// <summary>Assesses every open deal of the manager, stores the ranking, and returns it in attention order.</summary>
    public async Task<IReadOnlyList<DealAssessment>> RankAsync(Manager manager, string? runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var open = await deals.ListOpenByManagerAsync(manager.Id, cancellationToken).ConfigureAwait(false);
        var ranked = DealAssessor.Ranked(await assessor.AssessAllAsync(manager, open, attention.Parallelism, cancellationToken).ConfigureAwait(false)).ToList();
        await SaveAsync(manager.Id, runId, ranked, cancellationToken).ConfigureAwait(false);
        return ranked;
    }

    public async Task SaveAsync(string managerId, string? runId, IReadOnlyList<DealAssessment> ranked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var generation = now.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..6];
        var rows = ranked.Select((assessment, i) =>
        {
            var entity = new TableEntity(managerId, RowKey(generation, i + 1)) { ["Json"] = Json.Serialize(RankedDeal.From(i + 1, assessment)) };
            return entity;
        });
        await table.UpsertBatchedAsync(rows, cancellationToken).ConfigureAwait(false);

        var pointer = await table.FindAsync(managerId, Pointer, cancellationToken).ConfigureAwait(false);
        var replaced = pointer?.GetString("Generation");
        var dropped = pointer?.GetString("Previous");
        var next = new TableEntity(managerId, Pointer)
        {
            ["Generation"] = generation,
            ["Previous"] = replaced,
            ["Total"] = ranked.Count,
            ["RankedAt"] = now,
            ["RunId"] = runId,
        };
        try
        {
            if (pointer is null)
            {
                await table.AddEntityAsync(next, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await table.UpdateEntityAsync(next, pointer.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException e) when (e.IsConflict() || e.IsPreconditionFailed())
        {
            // Another ranking of this manager moved the pointer first: it is as fresh as ours; drop ours.
            await DeleteGenerationAsync(table, managerId, generation, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (dropped is not null)
        {
            await DeleteGenerationAsync(table, managerId, dropped, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A page of the manager's stored ranking (ranked now when there is none yet). The continuation
    /// token of a ranking replaced twice since is refused with a conflict: start again from the first page.
    /// </summary>
    public async Task<RankingPage> PageAsync(string managerId, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        Keys.RequireId(managerId, "managerId");
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new InputValidationException("page_size", $"'page_size' must be from 1 to {MaxPageSize}, not {pageSize}.");
        }
        var position = continuation is null ? ((string Generation, int Rank)?)null : ParseContinuation(continuation);
        var manager = await managers.GetAsync(managerId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Manager", managerId);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var pointer = await table.FindAsync(manager.Id, Pointer, cancellationToken).ConfigureAwait(false);
        if (pointer is null)
        {
            if (continuation is not null)
            {
                throw new ConflictException("The ranking this continuation belongs to is gone; start again without 'continuation'.");
            }
            await RankAsync(manager, null, cancellationToken).ConfigureAwait(false);
            pointer = await table.FindAsync(manager.Id, Pointer, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The ranking was not stored.");
        }

        var generation = pointer.RequiredString("Generation");
        var after = 0;
        var total = pointer.GetInt32("Total") ?? 0;
        if (position is { } parsed)
        {
            (var tokenGeneration, after) = parsed;
            if (tokenGeneration != generation)
            {
                if (tokenGeneration != pointer.GetString("Previous"))
                {
                    throw new ConflictException("The ranking was replaced since this continuation was issued; start again without 'continuation'.");
                }
                generation = tokenGeneration;
                total = int.MaxValue;
            }
        }

        var filter = $"PartitionKey eq {Keys.Literal(manager.Id)} and RowKey gt {Keys.Literal(RowKey(generation, after))} and RowKey lt {Keys.Literal($"g{generation}-~")}";
        var page = new List<RankedDeal>(pageSize);
        var more = false;
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(1000, pageSize + 1), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (page.Count == pageSize)
            {
                more = true;
                break;
            }
            page.Add(Json.Deserialize<RankedDeal>(entity.RequiredString("Json")));
        }
        var token = more ? Continuation(generation, page[^1].Rank) : null;
        return new RankingPage(manager.Id, total == int.MaxValue ? pointer.GetInt32("Total") ?? 0 : total, pointer.RequiredDate("RankedAt"), pointer.GetString("RunId"), page, token);
    }

    private static string RowKey(string generation, int rank) => $"g{generation}-{rank.ToString("D7", CultureInfo.InvariantCulture)}";

    private static string Continuation(string generation, int rank) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{generation}:{rank.ToString(CultureInfo.InvariantCulture)}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (string Generation, int Rank) ParseContinuation(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var parts = text.Split(':');
            if (parts.Length == 2 && parts[0].Length == 25 && parts[0].All(char.IsAsciiLetterOrDigit)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rank) && rank > 0)
            {
                return (parts[0], rank);
            }
        }
        catch (FormatException)
        {
        }
        throw new InputValidationException("continuation", "'continuation' is not a token this endpoint issued.");
    }

    private static async Task DeleteGenerationAsync(TableClient table, string managerId, string generation, CancellationToken cancellationToken)
    {
        var filter = $"PartitionKey eq {Keys.Literal(managerId)} and RowKey gt {Keys.Literal($"g{generation}-")} and RowKey lt {Keys.Literal($"g{generation}-~")}";
        await table.DeleteWhereAsync(filter, cancellationToken).ConfigureAwait(false);
    }
}
