// Owns building the real assistant services on the test Azurite with a fake clock and optional GREEN-API settings.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SalesCoach.Core;
using SalesCoach.Core.Assistant.Knowledge;
using SalesCoach.Core.Assistant.Samples;
using SalesCoach.Core.Assistant.Stock;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Assistant;

internal static class AssistantServicesBuilder
{
    public const string ManagerPhone = "77010000001";

    /// <summary>Every Core service as the app registers it, on a fresh prefix, with <paramref name="time"/> as the clock.</summary>
    public static ServiceProvider Build(AzuriteFixture azurite, FakeTimeProvider time, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["SalesCoach:StoragePrefix"] = AzuriteFixture.NewPrefix(),
            ["Assistant:ManagerPhones:0"] = ManagerPhone,
            ["Assistant:TimeZone"] = "Asia/Almaty",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging().AddSalesCoachCore(configuration);
        services.AddSingleton<TimeProvider>(time);
        configureServices?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>The sample shop: its knowledge base and stock sheet uploaded.</summary>
    public static async Task StockSampleShopAsync(this IServiceProvider services)
    {
        var knowledge = services.GetRequiredService<KnowledgeStore>();
        foreach (var (name, content) in AssistantSamples.KnowledgeDocuments())
        {
            await knowledge.UploadAsync(name, content, default);
        }
        await services.GetRequiredService<KnowledgeBase>().ReindexAsync(default);
        await services.GetRequiredService<InventoryStore>().UploadAsync(InventoryWorkbook.Sample(), default);
    }
}
