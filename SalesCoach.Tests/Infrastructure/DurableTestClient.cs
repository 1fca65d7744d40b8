using DurableTask.AzureStorage;
using Microsoft.DurableTask.Converters;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting.Standalone;

namespace SalesCoach.Tests.Infrastructure;

/// <summary>
/// The standalone DurableTaskClient on the test Azurite, with a task hub of its own and no worker:
/// scheduled orchestrations stay pending, which is what tests of the starting side need.
/// </summary>
public static class DurableTestClient
{
    public static async Task<StandaloneDurableTaskClient> CreateAsync(AzuriteFixture azurite, string prefix, TimeProvider? time = null)
    {
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(azurite.ConnectionString),
            TaskHubName = prefix + "hub",
            PartitionCount = 1,
            ThrowExceptionOnInvalidDedupeStatus = true,
        });
        await service.CreateIfNotExistsAsync();
        return new StandaloneDurableTaskClient(service, new JsonDataConverter(Json.Options), time ?? TimeProvider.System);
    }
}
