// Owns the stock sheet cache: five minutes, then reloaded only when the blob changed; a broken replacement keeps the last good sheet.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SalesCoach.Core.Assistant.Stock;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Assistant;

[Collection(AzuriteCollection.Name)]
public sealed class InventoryStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_sheet_replaced_in_the_container_is_used_after_the_cache_time_and_a_broken_one_keeps_the_last_good_sheet()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 6, 0, 0, TimeSpan.Zero));
        await using var services = AssistantServicesBuilder.Build(azurite, time);
        var store = services.GetRequiredService<InventoryStore>();
        Assert.Equal("No inventory.xlsx has been uploaded.", Assert.Single((await store.GetAsync(default)).Table.Errors).Error);

        await store.UploadAsync(InventoryWorkbook.Write([["Балетки Лиза", "37", "красные", "1", "19000"]]), default);
        var container = await services.GetRequiredService<StorageAccount>().ContainerAsync(InventoryStore.ContainerName);
        // Replaced by hand in the portal, not through the endpoint:
        await container.GetBlobClient("inventory.xlsx").UploadAsync(new BinaryData(InventoryWorkbook.Write([["Балетки Лиза", "37", "красные", "0", "19000"]])), overwrite: true);

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.True((await store.GetAsync(default)).Find("Балетки Лиза", "red", "37")!.InStock); // still cached
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.False((await store.GetAsync(default)).Find("Балетки Лиза", "red", "37")!.InStock); // the blob changed: re-read

        await container.GetBlobClient("inventory.xlsx").UploadAsync(new BinaryData("broken"u8.ToArray()), overwrite: true);
        time.Advance(TimeSpan.FromMinutes(6));
        var catalog = await store.GetAsync(default);
        Assert.Single(catalog.Table.Items);
        Assert.Contains(catalog.Table.Errors, e => e.Error.Contains("xlsx", StringComparison.Ordinal));
    }
}
