// Owns the agent's memory: facts learned per manager and per client (objections raised, competitors named, what worked), their importance and use.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Agent;

/// <summary>
/// One thing the agent learned (seed 001's agent_memory): about a client (<see cref="Subject"/> is the
/// conversation) or about the manager ("manager"). Seen again, it gains occurrences and importance; read
/// for a plan or a prompt, its access count grows.
/// </summary>
public sealed record MemoryFact(
    string ManagerId, string Key, string Subject, string? SubjectName, string Type, string Fact, double Importance, int Occurrences, int AccessCount,
    DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt);

/// <summary>Seed 001's "agent learning and memory" view: per memory type, count, average importance and average access count.</summary>
public sealed record MemoryTypeSummary(string MemoryType, int Count, double AvgImportance, double AvgAccessCount);

/// <summary>The memory table: partition per manager, row per fact key (subject, type and fact), so a fact seen twice is one row.</summary>
public sealed class AgentMemory(StorageAccount storage)
{
    private const string TableName = "agentmemory";

    /// <summary>What an intervention teaches about a client: the objections and competitors they raised, and that they showed buying intent.</summary>
    public async Task RememberSignalsAsync(string managerId, string subject, string? subjectName, IEnumerable<Signal> signals, string? competitor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signals);
        foreach (var signal in signals)
        {
            var (type, fact, importance) = signal switch
            {
                Signal.PriceObjection => ("objection", "raised a price objection", 0.7),
                Signal.Competitor => ("competitor", competitor is null ? "compares with other suppliers" : $"mentioned {competitor}", 0.6),
                Signal.BuyingSignal => ("buying_intent", "showed buying intent", 0.8),
                Signal.MeetingScheduled => ("preference", "agrees to meetings and calls", 0.4),
                _ => ("high_value", "high-value client", 0.5),
            };
            await RememberAsync(managerId, subject, subjectName, type, fact, importance, at, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Adds the fact or, when known, counts it again: importance grows by 0.05 per repeat, up to 1.</summary>
    public async Task RememberAsync(string managerId, string subject, string? subjectName, string type, string fact, double importance, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var key = KeyOf(subject, type, fact);
        for (var attempt = 0; ; attempt++)
        {
            var entity = await table.FindAsync(managerId, key, cancellationToken).ConfigureAwait(false);
            try
            {
                if (entity is null)
                {
                    await table.AddEntityAsync(ToEntity(new MemoryFact(managerId, key, subject, subjectName, type, fact, Math.Clamp(importance, 0, 1), 1, 0, at, at)), cancellationToken).ConfigureAwait(false);
                    return;
                }
                var known = FromEntity(entity);
                var seen = known with
                {
                    Occurrences = known.Occurrences + 1,
                    Importance = Math.Min(1, Math.Round(Math.Max(known.Importance, importance) + 0.05, 2)),
                    LastSeenAt = at > known.LastSeenAt ? at : known.LastSeenAt,
                    SubjectName = subjectName ?? known.SubjectName,
                };
                await table.UpdateEntityAsync(ToEntity(seen), entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException e) when ((e.IsConflict() || e.IsPreconditionFailed()) && attempt < 10)
            {
            }
        }
    }

    /// <summary>A manager's facts, most important first, then most recent.</summary>
    public async Task<IReadOnlyList<MemoryFact>> ListAsync(string managerId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        var facts = await table.QueryListAsync($"PartitionKey eq {Keys.Literal(managerId)}", FromEntity, cancellationToken).ConfigureAwait(false);
        return [.. facts.OrderByDescending(f => f.Importance).ThenByDescending(f => f.LastSeenAt).ThenBy(f => f.Key, StringComparer.Ordinal)];
    }

    /// <summary>Every manager's facts (dashboards).</summary>
    public async Task<IReadOnlyList<MemoryFact>> ListAllAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        return await table.QueryListAsync("", FromEntity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Counts one use of each fact (a plan or prompt read it). Best effort under concurrency: a lost increment is a lost count, never a lost fact.</summary>
    public async Task MarkUsedAsync(IEnumerable<MemoryFact> facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        foreach (var fact in facts)
        {
            await table.UpdateEntityAsync(new TableEntity(fact.ManagerId, fact.Key) { ["AccessCount"] = fact.AccessCount + 1 }, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
    }

    public static IReadOnlyList<MemoryTypeSummary> Summarise(IEnumerable<MemoryFact> facts) =>
        [.. facts.GroupBy(f => f.Type, StringComparer.Ordinal)
            .Select(g => new MemoryTypeSummary(g.Key, g.Count(), Math.Round(g.Average(f => f.Importance), 2), Math.Round(g.Average(f => f.AccessCount), 1)))
            .OrderByDescending(s => s.Count).ThenBy(s => s.MemoryType, StringComparer.Ordinal)];

    private static string KeyOf(string subject, string type, string fact) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{subject}\n{type}\n{fact}")))[..32];

    private static TableEntity ToEntity(MemoryFact f) => new(f.ManagerId, f.Key)
    {
        ["Subject"] = f.Subject,
        ["SubjectName"] = f.SubjectName,
        ["Type"] = f.Type,
        ["Fact"] = f.Fact,
        ["Importance"] = f.Importance,
        ["Occurrences"] = f.Occurrences,
        ["AccessCount"] = f.AccessCount,
        ["CreatedAt"] = f.CreatedAt,
        ["LastSeenAt"] = f.LastSeenAt,
    };

    private static MemoryFact FromEntity(TableEntity e) => new(
        e.PartitionKey, e.RowKey, e.RequiredString("Subject"), e.GetString("SubjectName"), e.RequiredString("Type"), e.RequiredString("Fact"),
        e.GetDouble("Importance") ?? 0, e.GetInt32("Occurrences") ?? 1, e.GetInt32("AccessCount") ?? 0, e.RequiredDate("CreatedAt"), e.RequiredDate("LastSeenAt"));

    internal static string Describe(MemoryFact fact) =>
        fact.Occurrences > 1
            ? string.Create(CultureInfo.InvariantCulture, $"{fact.SubjectName ?? fact.Subject}: {fact.Fact} ({fact.Occurrences}×)")
            : $"{fact.SubjectName ?? fact.Subject}: {fact.Fact}";
}
