using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Crm.AmoCrm;
using SalesCoach.Core.Crm.GreenApi;
using SalesCoach.Core.Crm.Import;
using SalesCoach.Core.Crm.RetailCrm;
using SalesCoach.Core.Crm.Sync;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Deals.Runs;
using SalesCoach.Core.Demo;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;
using SalesCoach.Core.Sales;

namespace SalesCoach.Core;

public static class SalesCoachCoreExtensions
{
    /// <summary>Registers storage, coaching, delivery and jobs from configuration (names as in local.settings.sample.json).</summary>
    public static IServiceCollection AddSalesCoachCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var storage = new StorageOptions
        {
            ConnectionString = configuration["AzureWebJobsStorage"] is { Length: > 0 } connection
                ? connection
                : throw new InvalidOperationException("Setting 'AzureWebJobsStorage' is required (use \"UseDevelopmentStorage=true\" for Azurite)."),
            Prefix = configuration["SalesCoach:StoragePrefix"] ?? "sc",
        };
        if (!StorageOptions.IsValidPrefix(storage.Prefix))
        {
            throw new InvalidOperationException($"Setting 'SalesCoach__StoragePrefix' = '{storage.Prefix}' must be 2–20 lower-case letters or digits, starting with a letter.");
        }

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(storage);
        services.AddSingleton<StorageAccount>();
        services.AddSingleton<ManagerRepository>();
        services.AddSingleton<DealRepository>();
        services.AddSingleton<ActivityRepository>();
        services.AddSingleton<AnalysisRepository>();
        services.AddSingleton<RunRepository>();
        services.AddSingleton<OutboxRepository>();
        services.AddSingleton<ChatRepository>();

        services.AddSingleton(configuration.GetSection("Coaching").Get<RuleCoachOptions>() ?? new RuleCoachOptions());
        services.AddSingleton<RuleCoach>();
        services.AddSingleton<CoachingCacheRepository>();
        var openAi = configuration.GetSection("OpenAI").Get<OpenAiOptions>() ?? new OpenAiOptions();
        services.AddSingleton(openAi);
        if (openAi.IsConfigured)
        {
            services.AddHttpClient(nameof(AzureOpenAiChat));
            services.AddSingleton(sp => new AzureOpenAiChat(
                openAi,
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AzureOpenAiChat)),
                sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<ICoach, LlmCoach>();
            services.AddSingleton<ILeadScorer, LlmLeadScorer>();
            services.AddSingleton<ISpinClassifier>(sp => new LlmSpinClassifier(sp.GetRequiredService<AzureOpenAiChat>(), sp.GetRequiredService<StorageAccount>(),
                ChatLexicon.Default, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<LlmSpinClassifier>>()));
        }
        else
        {
            services.AddSingleton<ICoach>(sp => sp.GetRequiredService<RuleCoach>());
            services.AddSingleton<ILeadScorer, RuleLeadScorer>();
            services.AddSingleton<ISpinClassifier>(new LexiconSpinClassifier(ChatLexicon.Default));
        }

        var telegram = configuration.GetSection("Telegram").Get<TelegramOptions>() ?? new TelegramOptions();
        services.AddSingleton(telegram);
        services.AddHttpClient(nameof(TelegramSender));
        services.AddSingleton(sp => new TelegramSender(
            telegram,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(TelegramSender)),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SendRateLimiter(sp.GetRequiredService<TimeProvider>(), telegram.PerChatInterval, telegram.GlobalPerSecond));

        services.AddSingleton(configuration.GetSection("DailyReview").Get<DailyReviewOptions>() ?? new DailyReviewOptions());
        services.AddSingleton<AnalyzeDeal>();
        services.AddSingleton<StartTeamRun>();
        services.AddSingleton<AnalyzeManagerDeals>();
        services.AddSingleton<FinalizeTeamRun>();
        services.AddSingleton<DailyReview>();
        services.AddSingleton<SendOutbox>();
        services.AddSingleton<SeedDemoData>();
        services.AddSingleton<MonitoringRepository>();
        services.AddSingleton<StartMonitoring>();
        services.AddSingleton<StopMonitoring>();
        services.AddSingleton<MonitoringTick>();
        services.AddSingleton<CheckStaleDeals>();

        services.AddSingleton(configuration.GetSection("Import").Get<ImportOptions>() ?? new ImportOptions());
        services.AddSingleton<ImportRecordReader>();
        services.AddSingleton<Crm.Sync.CrmWriter>();
        services.AddSingleton<ImportData>();
        var greenApi = configuration.GetSection("GreenApi").Get<GreenApiOptions>() ?? new GreenApiOptions();
        services.AddSingleton(greenApi);
        services.AddSingleton<ReceiveGreenApiWebhook>();
        var greenApiSend = configuration.GetSection("GreenApi").Get<GreenApiSendOptions>() ?? new GreenApiSendOptions();
        services.AddSingleton(greenApiSend);
        services.AddHttpClient(nameof(GreenApiClient));
        services.AddSingleton(sp => new GreenApiClient(greenApiSend, new OutboundJsonHttp("greenapi", sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(GreenApiClient)),
            requestsPerSecond: 5, greenApiSend.RequestTimeout, greenApiSend.MaxRetries, greenApiSend.RetryBaseDelay, sp.GetRequiredService<TimeProvider>())));

        services.AddSingleton<SyncRepository>();
        services.AddSingleton<RunSync>();
        var amo = configuration.GetSection("AmoCrm").Get<AmoCrmOptions>() ?? new AmoCrmOptions();
        services.AddSingleton(amo);
        services.AddHttpClient(nameof(AmoCrmClient));
        services.AddSingleton<AmoCrmTokenStore>();
        services.AddSingleton<AmoCrmMapper>();
        services.AddSingleton<AmoCrmStatusNames>();
        services.AddSingleton<ReceiveAmoCrmWebhook>();
        services.AddSingleton(sp => new AmoCrmClient(amo,
            new OutboundJsonHttp("amocrm", sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AmoCrmClient)), amo.RequestsPerSecond,
                amo.RequestTimeout, amo.MaxRetries, amo.RetryBaseDelay, sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<AmoCrmTokenStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICrmSource, AmoCrmSource>();

        var retail = configuration.GetSection("RetailCrm").Get<RetailCrmOptions>() ?? new RetailCrmOptions();
        services.AddSingleton(retail);
        services.AddHttpClient(nameof(RetailCrmHttp));
        services.AddSingleton(sp =>
        {
            OutboundJsonHttp Channel(string name) => new(name, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(RetailCrmHttp)),
                retail.RequestsPerSecond, retail.RequestTimeout, retail.MaxRetries, retail.RetryBaseDelay, sp.GetRequiredService<TimeProvider>());
            return new RetailCrmHttp(retail, Channel("retailcrm"), Channel("retailcrm-mg"));
        });
        services.AddSingleton<ICrmSource, RetailCrmSource>();

        services.AddSingleton(configuration.GetSection("Chats").Get<ChatAnalyticsOptions>() ?? new ChatAnalyticsOptions());
        services.AddSingleton<BuildChatReport>();
        services.AddSingleton<SendChatReports>();

        services.AddSingleton(configuration.GetSection("Leads").Get<LeadOptions>() ?? new LeadOptions());
        services.AddSingleton<PipelineRepository>();
        services.AddSingleton<CreateLead>();
        services.AddSingleton<ChangeLeadStage>();
        services.AddSingleton<LogLeadMessages>();
        services.AddSingleton<AssessBant>();
        services.AddSingleton<AnalyzeLead>();
        services.AddSingleton<TransferLead>();
        services.AddSingleton<ChangeSaleStage>();
        services.AddSingleton<PipelineDashboard>();
        return services;
    }
}
