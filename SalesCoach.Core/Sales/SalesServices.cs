// Owns the registration of the sales pipeline: sale stage changes and the pipeline dashboard.
using Microsoft.Extensions.DependencyInjection;

namespace SalesCoach.Core.Sales;

public static class SalesServices
{
    public static IServiceCollection AddSales(this IServiceCollection services) =>
        services.AddSingleton<ChangeSaleStage>().AddSingleton<PipelineDashboard>();
}
