// Owns the shared services every capability builds on: clock, storage account, and the optional Azure OpenAI client.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SalesCoach.Core.Platform;

public static class PlatformServices
{
    public static IServiceCollection AddPlatform(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var storage = new StorageOptions
        {
            ConnectionString = configuration["AzureWebJobsStorage"] is { Length: > 0 } connection
                ? connection
                : throw new InvalidSettingException("AzureWebJobsStorage", "is required (use \"UseDevelopmentStorage=true\" for Azurite)."),
            Prefix = configuration["SalesCoach:StoragePrefix"] ?? "sc",
        };
        if (!StorageOptions.IsValidPrefix(storage.Prefix))
        {
            throw new InvalidOperationException($"Setting 'SalesCoach__StoragePrefix' = '{storage.Prefix}' must be 2–20 lower-case letters or digits, starting with a letter.");
        }
        services.AddSingleton(ShiftedTimeProvider.From(configuration["SalesCoach:ClockStart"]));
        services.AddSingleton(storage);
        services.AddSingleton<StorageAccount>();

        var openAi = configuration.GetSection("OpenAI").Get<OpenAiOptions>() ?? new OpenAiOptions();
        services.AddSingleton(openAi);
        if (openAi.IsConfigured)
        {
            services.AddHttpClient(nameof(AzureOpenAiChat));
            services.AddSingleton(sp => new AzureOpenAiChat(
                openAi,
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AzureOpenAiChat)),
                sp.GetRequiredService<TimeProvider>()));
        }
        return services;
    }

    /// <summary>A JSON-over-HTTP client with its own rate limit and the shared resilience pipeline.</summary>
    public static OutboundJsonHttp OutboundJson(this IServiceProvider services, string source, string clientName, int requestsPerSecond, TimeSpan timeout, int maxRetries, TimeSpan retryBaseDelay) =>
        new(source, services.GetRequiredService<IHttpClientFactory>().CreateClient(clientName), requestsPerSecond, timeout, maxRetries, retryBaseDelay,
            services.GetRequiredService<TimeProvider>());
}
