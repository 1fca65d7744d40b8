// Owns the registration of the team lead's dashboard.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Dashboard;

public static class DashboardServices
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Dashboard").Get<DashboardOptions>() ?? new DashboardOptions();
        if (options.StaleDays is < 1 or > 365)
        {
            throw new InvalidSettingException("Dashboard__StaleDays", $"must be from 1 to 365, not {options.StaleDays}.");
        }
        if (options.RunsShown is < 1 or > 100)
        {
            throw new InvalidSettingException("Dashboard__RunsShown", $"must be from 1 to 100, not {options.RunsShown}.");
        }
        return services.AddSingleton(options).AddSingleton<BuildDashboardSummary>();
    }
}
