// Owns the registration of the WhatsApp assistant: settings, knowledge base, stock, photos, conversations, orders, outbox, nudges.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Assistant.Conversations;
using SalesCoach.Core.Assistant.Knowledge;
using SalesCoach.Core.Assistant.Nudges;
using SalesCoach.Core.Assistant.Orders;
using SalesCoach.Core.Assistant.Outgoing;
using SalesCoach.Core.Assistant.Photos;
using SalesCoach.Core.Assistant.Stock;
using SalesCoach.Core.Crm.GreenApi;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Assistant;

public static class AssistantServices
{
    public static IServiceCollection AddAssistant(this IServiceCollection services, IConfiguration configuration)
    {
        var options = (configuration.GetSection("Assistant").Get<AssistantOptions>() ?? new AssistantOptions()).Validated();
        services.AddSingleton(options);
        services.AddSingleton<KnowledgeStore>();
        var openAi = configuration.GetSection("OpenAI").Get<OpenAiOptions>() ?? new OpenAiOptions();
        if (openAi.Endpoint is { Length: > 0 } && openAi.ApiKey is { Length: > 0 } && options.EmbeddingDeployment is { Length: > 0 } deployment)
        {
            services.AddHttpClient(nameof(AzureOpenAiEmbedder));
            services.AddSingleton<IEmbedder>(sp => new AzureOpenAiEmbedder(openAi, deployment,
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AzureOpenAiEmbedder)), sp.GetRequiredService<TimeProvider>()));
        }
        if (options.Search == "azure")
        {
            var search = (configuration.GetSection("AzureSearch").Get<AzureSearchOptions>() ?? new AzureSearchOptions()).Validated();
            services.AddSingleton(search);
            services.AddHttpClient(nameof(AzureSearchRetriever));
            services.AddSingleton<IKnowledgeRetriever>(sp => new AzureSearchRetriever(search, sp.GetRequiredService<StorageAccount>().Options.Prefix,
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AzureSearchRetriever)), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<AzureSearchRetriever>>()));
        }
        else
        {
            services.AddSingleton<IKnowledgeRetriever, LocalKnowledgeRetriever>();
        }
        services.AddSingleton(sp => new KnowledgeBase(sp.GetRequiredService<KnowledgeStore>(), sp.GetRequiredService<IKnowledgeRetriever>(), options,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<KnowledgeBase>>(), sp.GetService<IEmbedder>()));
        services.AddSingleton(sp => new KnowledgeAnswerer(sp.GetRequiredService<ILogger<KnowledgeAnswerer>>(), sp.GetService<AzureOpenAiChat>()));
        services.AddSingleton<InventoryStore>();
        services.AddSingleton<ProductPhotos>();
        services.AddSingleton<ConversationStore>();
        services.AddSingleton<AssistantOrders>();
        services.AddSingleton<WhatsAppOutbox>();
        services.AddSingleton<SendWhatsAppOutbox>();
        services.AddSingleton<SendNudges>();
        services.AddSingleton<AnswerClientMessage>();
        services.AddSingleton<QueueClientMessage>();
        services.AddSingleton<IGreenApiMessageObserver>(sp => sp.GetRequiredService<QueueClientMessage>());
        return services;
    }
}
