// Owns the registration of CRM ingestion: the generic import, webhooks, amoCRM and RetailCRM pulls, and the sync status.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SalesCoach.Core.Crm.AmoCrm;
using SalesCoach.Core.Crm.GreenApi;
using SalesCoach.Core.Crm.Import;
using SalesCoach.Core.Crm.RetailCrm;
using SalesCoach.Core.Crm.Sync;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm;

public static class CrmServices
{
    public static IServiceCollection AddCrm(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection("Import").Get<ImportOptions>() ?? new ImportOptions());
        services.AddSingleton<ImportRecordReader>();
        services.AddSingleton<InboundMessages>();
        services.AddSingleton<CrmWriter>();
        services.AddSingleton<ImportChunks>();
        services.AddSingleton<References>();
        services.AddSingleton<ImportData>();
        services.AddGreenApi(configuration);

        services.AddSingleton<SyncRepository>();
        services.AddSingleton<RunSync>();
        var amo = configuration.GetSection("AmoCrm").Get<AmoCrmOptions>() ?? new AmoCrmOptions();
        services.AddSingleton(amo);
        services.AddHttpClient(nameof(AmoCrmClient));
        services.AddSingleton<AmoCrmTokenStore>();
        services.AddSingleton<AmoCrmMapper>();
        services.AddSingleton<AmoCrmStatusNames>();
        services.AddSingleton<AmoCrmDeliveries>();
        services.AddSingleton<AcceptAmoCrmWebhook>();
        services.AddSingleton<ProcessAmoCrmWebhook>();
        services.AddSingleton(sp => new AmoCrmClient(amo,
            sp.OutboundJson("amocrm", nameof(AmoCrmClient), amo.RequestsPerSecond, amo.RequestTimeout, amo.MaxRetries, amo.RetryBaseDelay),
            sp.GetRequiredService<AmoCrmTokenStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICrmSource, AmoCrmSource>();

        var retail = configuration.GetSection("RetailCrm").Get<RetailCrmOptions>() ?? new RetailCrmOptions();
        services.AddSingleton(retail);
        services.AddHttpClient(nameof(RetailCrmHttp));
        services.AddSingleton(sp => new RetailCrmHttp(retail,
            sp.OutboundJson("retailcrm", nameof(RetailCrmHttp), retail.RequestsPerSecond, retail.RequestTimeout, retail.MaxRetries, retail.RetryBaseDelay),
            sp.OutboundJson("retailcrm-mg", nameof(RetailCrmHttp), retail.RequestsPerSecond, retail.RequestTimeout, retail.MaxRetries, retail.RetryBaseDelay)));
        services.AddSingleton<ICrmSource, RetailCrmSource>();
        return services;
    }
}
