// Owns the per-client conversation state: order details collected so far, handoff, and the nudge bookkeeping.
namespace SalesCoach.Core.Assistant.Conversations;

public enum ConversationStage
{
    /// <summary>Answering questions; no order under way.</summary>
    Browsing,
    /// <summary>Collecting product, colour, size, city and address.</summary>
    Collecting,
    /// <summary>Everything collected and in stock; waiting for the client's "yes".</summary>
    Confirming,
    /// <summary>The order was created.</summary>
    Ordered,
}

/// <summary>The detail the assistant asked for last, so a bare answer ("38", "Алматы") fills it.</summary>
public enum AwaitedDetail
{
    None,
    Product,
    Color,
    Size,
    City,
    Address,
}

/// <summary>
/// One client's conversation with the assistant. <see cref="Key"/> is "wa-{phone}" for WhatsApp and
/// "sim-{phone}" for the simulation endpoint, so trying the assistant never touches a real client.
/// </summary>
public sealed record Conversation
{
    public required string Key { get; init; }
    public required string Phone { get; init; }
    public string Language { get; init; } = "ru";
    public ConversationStage Stage { get; init; } = ConversationStage.Browsing;
    public AwaitedDetail Awaiting { get; init; } = AwaitedDetail.None;
    public string? Product { get; init; }
    /// <summary>A canonical colour key ("black") or the sheet's own colour words.</summary>
    public string? Color { get; init; }
    public string? Size { get; init; }
    public string? City { get; init; }
    public string? Address { get; init; }
    public string? OrderNumber { get; init; }
    /// <summary>On: the assistant is silent for this client and forwards their messages to the manager.</summary>
    public bool Handoff { get; init; }
    public string? HandoffReason { get; init; }
    public DateTimeOffset? LastClientAt { get; init; }
    public DateTimeOffset? LastAssistantAt { get; init; }
    /// <summary>The incoming messages already handled (newest last, a few kept): a redelivery changes nothing.</summary>
    public IReadOnlyList<string> HandledMessageIds { get; init; } = [];
    public int NudgesSent { get; init; }
    public DateTimeOffset? FirstNudgeAt { get; init; }
    public DateTimeOffset? NudgeDueAt { get; init; }

    public bool IsSimulation => Key.StartsWith("sim-", StringComparison.Ordinal);

    public static string KeyOf(string phone, bool simulation) => (simulation ? "sim-" : "wa-") + phone;

    public static Conversation New(string phone, bool simulation) => new() { Key = KeyOf(phone, simulation), Phone = phone };

    /// <summary>The order details forgotten (a new order starts), city and address kept for the next one.</summary>
    public Conversation WithoutItem() => this with { Product = null, Color = null, Size = null, Awaiting = AwaitedDetail.None };
}
