// Owns the WhatsApp assistant's settings ("Assistant" section): managers, hours, nudge texts and rules, retrieval thresholds, stock and photos.
using System.Text.RegularExpressions;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Assistant;

/// <summary>The assistant's settings, bound from the "Assistant" section (env: Assistant__NudgeFirstText, …).</summary>
public sealed partial record AssistantOptions
{
    /// <summary>Answer incoming WhatsApp messages of the sending instance (GreenApi:IdInstance). The simulate endpoint works either way.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Phones (digits, e.g. 77001234567) allowed to send "/handoff on|off|status &lt;phone&gt;".</summary>
    public List<string> ManagerPhones { get; init; } = [];

    /// <summary>The manager (Managers store) whose Telegram chat gets orders and handed-off messages.</summary>
    public string? ManagerId { get; init; }

    /// <summary>Clients' time zone when no phone prefix below matches.</summary>
    public string TimeZone { get; init; } = "Asia/Almaty";

    /// <summary>Phone prefix → IANA zone, longest prefix first (e.g. "380" → Europe/Kyiv, "77" → Asia/Almaty).</summary>
    public Dictionary<string, string> TimeZonesByPrefix { get; init; } = [];

    public bool NudgesEnabled { get; init; } = true;

    /// <summary>Nudges are sent only inside this client-local window; a nudge due outside waits for the next opening.</summary>
    public TimeOnly NudgeWindowStart { get; init; } = new(9, 0);
    public TimeOnly NudgeWindowEnd { get; init; } = new(19, 0);

    /// <summary>Nudge 1 this long after the assistant's last unanswered message.</summary>
    public TimeSpan FirstNudgeDelay { get; init; } = TimeSpan.FromHours(3);

    /// <summary>Nudge 2 at this client-local time on the day after nudge 1.</summary>
    public TimeOnly SecondNudgeTime { get; init; } = new(13, 0);

    public string NudgeFirstText { get; init; } = "Хотела уточнить, актуальна ли модель? Если есть вопросы - с радостью подскажу";

    public string NudgeSecondText { get; init; } = "Добрый день! Вчера вы интересовались моделью из рекламы. Напомню: у нас в магазине есть примерка и возможность возврата - вы ничем не рискуете.";

    /// <summary>
    /// Where the knowledge base is indexed and searched: "local" (Lucene BM25 in each instance's memory, chunks in
    /// Table Storage) or "azure" (Azure AI Search with the AzureSearch settings, for large catalogues).
    /// </summary>
    public string Search { get; init; } = "local";

    /// <summary>Retrieval answers only when its best chunk covers at least this share of the question's IDF weight (the same measure with either Search).</summary>
    public double MinCoverage { get; init; } = 0.45;

    /// <summary>With embeddings configured, a chunk this similar (cosine) to the question also passes the gate.</summary>
    public double MinSimilarity { get; init; } = 0.82;

    /// <summary>Chunks handed to the answer (cited), at most.</summary>
    public int AnswerChunks { get; init; } = 3;

    /// <summary>How often an instance checks whether the knowledge base was re-indexed elsewhere.</summary>
    public TimeSpan KnowledgeRefresh { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Azure OpenAI embeddings deployment (with OpenAI:Endpoint and ApiKey): retrieval becomes hybrid.</summary>
    public string? EmbeddingDeployment { get; init; }

    public string InventoryBlob { get; init; } = "inventory.xlsx";

    /// <summary>How long the stock sheet is used before its ETag is checked again.</summary>
    public TimeSpan InventoryCacheDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A price cell with a bare number is in this currency.</summary>
    public string DefaultCurrency { get; init; } = "₸";

    public int MaxPhotos { get; init; } = 3;

    /// <summary>Lifetime of the read-only SAS link a photo is sent with (GREEN-API downloads it from its send queue).</summary>
    public TimeSpan PhotoLinkLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The client's zone: the longest configured phone prefix, else <see cref="TimeZone"/>.</summary>
    public TimeZoneInfo ZoneOf(string phone) =>
        TimeZones.Find(TimeZonesByPrefix.Where(p => phone.StartsWith(p.Key, StringComparison.Ordinal)).OrderByDescending(p => p.Key.Length).Select(p => p.Value).FirstOrDefault() ?? TimeZone, "Assistant:TimeZone");

    public bool IsManager(string phone) => ManagerPhones.Any(p => Digits(p) == phone);

    /// <summary>A phone as digits only ("+7 700 123-45-67" → "77001234567"), or null when it is not 5–20 digits.</summary>
    public static string? Phone(string? text)
    {
        var digits = Digits(text);
        return PhonePattern().IsMatch(digits) ? digits : null;
    }

    private static string Digits(string? text) => new((text ?? "").Where(char.IsAsciiDigit).ToArray());

    /// <summary>Checks what cannot be bound wrongly without harm; called once at start-up.</summary>
    public AssistantOptions Validated()
    {
        _ = ZoneOf("");
        foreach (var zone in TimeZonesByPrefix.Values)
        {
            TimeZones.Find(zone, "Assistant:TimeZonesByPrefix");
        }
        if (NudgeWindowEnd <= NudgeWindowStart)
        {
            throw new InvalidOperationException($"Assistant:NudgeWindowEnd ({NudgeWindowEnd}) must be after Assistant:NudgeWindowStart ({NudgeWindowStart}).");
        }
        if (MinCoverage is < 0 or > 1 || MinSimilarity is < 0 or > 1)
        {
            throw new InvalidOperationException("Assistant:MinCoverage and Assistant:MinSimilarity must be between 0 and 1.");
        }
        if (Search is not ("local" or "azure"))
        {
            throw new InvalidOperationException($"Assistant:Search is 'local' or 'azure', not '{Search}'.");
        }
        if (string.IsNullOrWhiteSpace(NudgeFirstText) || string.IsNullOrWhiteSpace(NudgeSecondText))
        {
            throw new InvalidOperationException("Assistant:NudgeFirstText and Assistant:NudgeSecondText must not be empty.");
        }
        return this;
    }

    [GeneratedRegex("^[0-9]{5,20}$")]
    private static partial Regex PhonePattern();
}
