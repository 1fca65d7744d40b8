// Owns the registration of chat analytics: the chat store, SPIN classifier (lexicon or LLM), reports and their sending.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Chats;

public static class ChatsServices
{
    public static IServiceCollection AddChats(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ChatRepository>();
        if ((configuration.GetSection("OpenAI").Get<OpenAiOptions>() ?? new OpenAiOptions()).IsConfigured)
        {
            services.AddSingleton<ISpinClassifier>(sp => new LlmSpinClassifier(sp.GetRequiredService<AzureOpenAiChat>(), sp.GetRequiredService<StorageAccount>(),
                ChatLexicon.Default, sp.GetRequiredService<ILogger<LlmSpinClassifier>>()));
        }
        else
        {
            services.AddSingleton<ISpinClassifier>(new LexiconSpinClassifier(ChatLexicon.Default));
        }
        services.AddSingleton(configuration.GetSection("Chats").Get<ChatAnalyticsOptions>() ?? new ChatAnalyticsOptions());
        services.AddSingleton<BuildChatReport>();
        services.AddSingleton<SendChatReports>();
        return services;
    }
}
