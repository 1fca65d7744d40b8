// Owns the orders the assistant creates: one row per order number, written once (a redelivered confirmation finds it there).
using Azure;
using Azure.Data.Tables;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Assistant.Orders;

/// <summary>An order placed through the assistant.</summary>
public sealed record AssistantOrder(string Number, string ConversationKey, string Phone, string Product, string Color, string Size, string City, string Address,
    decimal Price, string Currency, DateTimeOffset CreatedAt, bool Simulated);

/// <summary>
/// Orders in table "assistantorders", partition = conversation key, row = order number. The number is
/// derived from the confirming message, so a webhook redelivery adds nothing: <see cref="TryAddAsync"/>
/// answers false and the caller does not notify the manager twice.
/// </summary>
public sealed class AssistantOrders(StorageAccount storage)
{
    private const string TableName = "assistantorders";

    public async Task<bool> TryAddAsync(AssistantOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(new TableEntity(order.ConversationKey, order.Number) { ["Order"] = Json.Serialize(order) }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<AssistantOrder>> ListAsync(string conversationKey, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName).ConfigureAwait(false);
        return await table.QueryListAsync($"PartitionKey eq {Keys.Literal(conversationKey)}", e => Json.Deserialize<AssistantOrder>(e.RequiredString("Order")), cancellationToken).ConfigureAwait(false);
    }
}
