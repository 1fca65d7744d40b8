// Owns the registration of the team's managers store.
using Microsoft.Extensions.DependencyInjection;

namespace SalesCoach.Core.Managers;

public static class ManagersServices
{
    public static IServiceCollection AddManagers(this IServiceCollection services) => services.AddSingleton<ManagerRepository>();
}
