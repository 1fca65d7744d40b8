// Owns the registration of outgoing messages: the Telegram outbox and sender, and the WhatsApp (GREEN-API) sender.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Messaging;

public static class MessagingServices
{
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<OutboxRepository>();
        services.AddSingleton<OutboxPhotos>();
        var telegram = configuration.GetSection("Telegram").Get<TelegramOptions>() ?? new TelegramOptions();
        services.AddSingleton(telegram);
        services.AddHttpClient(nameof(TelegramSender));
        services.AddSingleton(sp => new TelegramSender(
            telegram,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(TelegramSender)),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<OutboxSenders>();
        services.AddSingleton<SendOutbox>();

        var greenApi = configuration.GetSection("GreenApi").Get<GreenApiSendOptions>() ?? new GreenApiSendOptions();
        services.AddSingleton(greenApi);
        services.AddHttpClient(nameof(GreenApiClient)).AddHttpMessageHandler(() => new GreenApiQuotaHandler());
        services.AddSingleton(sp => new GreenApiClient(greenApi,
            sp.OutboundJson("greenapi", nameof(GreenApiClient), requestsPerSecond: 5, greenApi.RequestTimeout, greenApi.MaxRetries, greenApi.RetryBaseDelay)));
        return services;
    }
}
