// Owns writing a daily plan from the ranked candidates: the rules always, the LLM (strict JSON schema) when configured, falling back to the rules.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Agent;

/// <summary>The plan's content before it is stored: priorities (candidate, action, reasoning, urgency, probability, script), insights, risks, quick wins.</summary>
public sealed record PlanDraft(IReadOnlyList<(PlanCandidate Candidate, string Action, string Reasoning, RecommendationUrgency Urgency, double WinProbability, string Script)> Priorities,
    string StrategicInsights, IReadOnlyList<string> Risks, IReadOnlyList<string> QuickWins, string Source);

public interface IDailyPlanner
{
    /// <param name="language">The manager's language (ru, uk or en): the plan's texts are written in it.</param>
    Task<PlanDraft> PlanAsync(IReadOnlyList<PlanCandidate> ranked, IReadOnlyList<MemoryFact> memory, string language, CancellationToken cancellationToken);
}

/// <summary>The explainable plan: the top ranked candidates, each with its rule's action, the facts as reasoning, and the type's script.</summary>
public sealed class RulePlanner(AgentOptions options) : IDailyPlanner
{
    public const string SourceName = "rules";

    public Task<PlanDraft> PlanAsync(IReadOnlyList<PlanCandidate> ranked, IReadOnlyList<MemoryFact> memory, string language, CancellationToken cancellationToken) =>
        Task.FromResult(Plan(ranked, memory, language));

    public PlanDraft Plan(IReadOnlyList<PlanCandidate> ranked, IReadOnlyList<MemoryFact> memory, string language)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(memory);
        var priorities = ranked.Take(options.PlanPriorities).Select(c =>
        {
            var remembered = memory.Where(f => f.Subject == MemorySubject(c)).Take(2).Select(f => f.Fact);
            return (c, PlanTexts.Action(language, c.ActionType), string.Join(" · ", c.Facts.Concat(remembered)), c.Urgency, c.WinProbability,
                PlanTexts.Script(language, c.ActionType, c.Addressee));
        }).ToList();
        return new PlanDraft(priorities, Insights(ranked, language), Risks(ranked, language), QuickWins(ranked, language), SourceName);
    }

    /// <summary>Memory about a client of a deal is kept under the deal's conversation ("deal-{id}").</summary>
    public static string MemorySubject(PlanCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return candidate.TargetKind == TargetKind.Deal ? "deal-" + candidate.TargetId : "lead-" + candidate.TargetId;
    }

    private string Insights(IReadOnlyList<PlanCandidate> ranked, string language) =>
        PlanTexts.Insights(language, ranked.Count(c => c.WinProbability >= 0.6), ranked.Count(c => c.IdleDays >= options.WarningIdleDays), ranked.Count);

    private List<string> Risks(IReadOnlyList<PlanCandidate> ranked, string language) =>
        [.. ranked.Where(c => c.IdleDays >= options.CriticalIdleDays).Take(5).Select(c => PlanTexts.Risk(language, c.Name, c.IdleDays))];

    private static List<string> QuickWins(IReadOnlyList<PlanCandidate> ranked, string language) =>
        [.. ranked.Where(c => c.ActionType is "close" or "schedule_meeting").Take(5).Select(c => PlanTexts.QuickWin(language, c.Name, c.ActionType))];
}

/// <summary>
/// The LLM plan: the rules' top candidates (at most <see cref="CandidateLimit"/>) and what the agent remembers go to
/// Azure OpenAI with a strict JSON schema (seed 001's shape, each priority naming a candidate by target id). The
/// answer is checked: known target ids, no repeats, 1–N priorities, urgency from the list, probability 0..1, texts
/// present. Anything else (the LLM down, its circuit open, a wrong answer) gives the rule plan.
/// </summary>
public sealed class LlmPlanner(AzureOpenAiChat chat, RulePlanner rules, AgentOptions options, ILogger<LlmPlanner> logger) : IDailyPlanner
{
    public const int CandidateLimit = 10;

    public static readonly BinaryData Schema = BinaryData.FromString("""
    {
      "type": "object",
      "additionalProperties": false,
      "required": ["top_3_priorities", "strategic_insights", "risks", "quick_wins"],
      "properties": {
        "top_3_priorities": {
          "type": "array",
          "items": {
            "type": "object",
            "additionalProperties": false,
            "required": ["target_id", "action", "reasoning", "urgency", "win_probability", "suggested_script"],
            "properties": {
              "target_id": { "type": "string" },
              "action": { "type": "string" },
              "reasoning": { "type": "string" },
              "urgency": { "type": "string", "enum": ["critical", "high", "normal"] },
              "win_probability": { "type": "number" },
              "suggested_script": { "type": "string" }
            }
          }
        },
        "strategic_insights": { "type": "string" },
        "risks": { "type": "array", "items": { "type": "string" } },
        "quick_wins": { "type": "array", "items": { "type": "string" } }
      }
    }
    """);

    public async Task<PlanDraft> PlanAsync(IReadOnlyList<PlanCandidate> ranked, IReadOnlyList<MemoryFact> memory, string language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        if (ranked.Count == 0)
        {
            return rules.Plan(ranked, memory, language);
        }
        var shown = ranked.Take(CandidateLimit).ToList();
        try
        {
            var answer = await chat.CompleteJsonAsync(System(language), User(shown, memory), "daily_plan", Schema, cancellationToken).ConfigureAwait(false);
            return Parse(answer.Content, shown, options.PlanPriorities, chat.Source);
        }
        catch (Exception e) when (e is LlmUnavailableException or FormatException)
        {
            logger.LogWarning("Daily plan from the LLM not usable ({Reason}); the rule plan is used", e.Message);
            return rules.Plan(ranked, memory, language);
        }
    }

    private string System(string language) =>
        $"You are a sales team's autonomous coach. From the candidates (open leads and deals, already ranked by rules) choose the top {options.PlanPriorities} priorities for today. " +
        $"Each names a candidate by target_id, gives a specific action, data-driven reasoning (use the numbers given), urgency, win probability (0..1) and a personalised script for the client. " +
        $"Add strategic insights, risks and quick wins. Write in the language '{language}'. Use only the candidates given.";

    private static string User(IReadOnlyList<PlanCandidate> shown, IReadOnlyList<MemoryFact> memory)
    {
        var candidates = new JsonArray([.. shown.Select(c => (JsonNode)new JsonObject
        {
            ["target_id"] = c.TargetId,
            ["kind"] = Json.Name(c.TargetKind.ToString()),
            ["name"] = c.Name,
            ["rule_action"] = c.ActionType,
            ["rule_urgency"] = Json.Name(c.Urgency.ToString()),
            ["win_probability"] = c.WinProbability,
            ["budget"] = c.Budget,
            ["currency"] = c.Currency,
            ["idle_days"] = c.IdleDays,
            ["facts"] = new JsonArray([.. c.Facts.Select(f => (JsonNode)f)]),
            ["remembered"] = new JsonArray([.. memory.Where(f => f.Subject == RulePlanner.MemorySubject(c)).Take(3).Select(f => (JsonNode)f.Fact)]),
        })]);
        return new JsonObject { ["candidates"] = candidates }.ToJsonString();
    }

    /// <summary>Checks the answer against the candidates shown; a FormatException names what is wrong.</summary>
    public static PlanDraft Parse(string? content, IReadOnlyList<PlanCandidate> shown, int maxPriorities, string source)
    {
        ArgumentNullException.ThrowIfNull(shown);
        if (string.IsNullOrWhiteSpace(content))
        {
            throw new FormatException("the answer is empty");
        }
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(content);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new FormatException($"the answer is not JSON ({e.Message})", e);
        }
        var byId = shown.ToDictionary(c => c.TargetId, StringComparer.Ordinal);
        var priorities = new List<(PlanCandidate, string, string, RecommendationUrgency, double, string)>();
        foreach (var item in Array(root, "top_3_priorities"))
        {
            var id = Text(item, "target_id");
            if (!byId.TryGetValue(id, out var candidate))
            {
                throw new FormatException($"target_id '{id}' is not one of the candidates");
            }
            if (priorities.Any(p => p.Item1.TargetId == id))
            {
                throw new FormatException($"target_id '{id}' is named twice");
            }
            if (!Json.TryParseName<RecommendationUrgency>(Text(item, "urgency"), out var urgency))
            {
                throw new FormatException("urgency is not critical, high or normal");
            }
            var probability = item.TryGetProperty("win_probability", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDouble() : double.NaN;
            if (!(probability is >= 0 and <= 1))
            {
                throw new FormatException("win_probability is not a number from 0 to 1");
            }
            priorities.Add((candidate, Text(item, "action"), Text(item, "reasoning"), urgency, probability, Text(item, "suggested_script")));
        }
        if (priorities.Count == 0 || priorities.Count > maxPriorities)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{priorities.Count} priorities, expected 1–{maxPriorities}"));
        }
        return new PlanDraft(priorities, Text(root, "strategic_insights"), Strings(root, "risks"), Strings(root, "quick_wins"), source);
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw new FormatException($"{name} is missing or not an array");

    private static string Text(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new FormatException($"{name} is missing or empty");

    private static List<string> Strings(JsonElement parent, string name) =>
        [.. Array(parent, name).Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new FormatException($"{name} holds a non-string"))];
}
