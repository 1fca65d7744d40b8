// Owns the chat and chat message model.
using SalesCoach.Core.Deals;
namespace SalesCoach.Core.Chats;

public enum Channel
{
    Whatsapp,
    Instagram,
}

/// <summary>A conversation with one client on one channel (seed 002's chats_raw; seed 004's WhatsApp chats).</summary>
public sealed record Chat
{
    public required string Id { get; init; }
    public required Channel Channel { get; init; }
    public string? ManagerId { get; init; }
    public string? ClientName { get; init; }
    /// <summary>E.164 digits without '+', when the channel has phone numbers.</summary>
    public string? ClientPhone { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Newest message time seen; a late, older message never moves it back.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>The order (deal) the conversation ended in, when known: seed 002's conversion view.</summary>
    public string? OrderId { get; init; }
}

/// <summary>One chat message; its id is the source's message id, so a redelivery is the same message.</summary>
public sealed record ChatMessage
{
    public required string Id { get; init; }
    public required string ChatId { get; init; }
    public required Direction Direction { get; init; }
    public required DateTimeOffset SentAt { get; init; }
    public string? Text { get; init; }
    public string? ManagerId { get; init; }
    /// <summary>Where it came from: "import", "greenapi", "retailcrm".</summary>
    public required string Source { get; init; }
    /// <summary>
    /// Written by a bot or the platform, neither the client nor a manager (RetailCRM MG bot and system
    /// messages). Kept for the record; metrics, advice and SPIN ignore it entirely.
    /// </summary>
    public bool IsSystem { get; init; }
}
