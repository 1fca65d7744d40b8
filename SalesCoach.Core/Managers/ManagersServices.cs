// Owns the registration of the team's managers store and their languages.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SalesCoach.Core.Managers;

public static class ManagersServices
{
    public static IServiceCollection AddManagers(this IServiceCollection services, IConfiguration configuration)
    {
        var languages = configuration.GetSection("Languages").Get<LanguageOptions>() ?? new LanguageOptions();
        languages.Validate();
        return services.AddSingleton<ManagerRepository>().AddSingleton(languages);
    }
}
