// Owns the registration of the managers' Telegram bot.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SalesCoach.Core.Agent;

namespace SalesCoach.Core.Bot;

public static class BotServices
{
    public static IServiceCollection AddBot(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Bot").Get<BotOptions>() ?? new BotOptions();
        options.Validate();
        return services
            .AddSingleton(options)
            .AddSingleton<ProcessedUpdates>()
            .AddSingleton<LinkCodes>()
            .AddSingleton<BotLinks>()
            .AddSingleton<BotButtons>()
            .AddSingleton<BotViewers>()
            .AddSingleton<BotScreens>()
            .AddSingleton<FloodGate>()
            .AddSingleton<HandleTelegramUpdate>()
            .AddSingleton<ReceiveTelegramWebhook>()
            .AddSingleton<RegisterTelegramBot>()
            .AddSingleton<PollTelegramUpdates>()
            .AddSingleton<IssueLinkCode>()
            .AddSingleton<IRecommendationButtons, BotRecommendationButtons>();
    }
}
