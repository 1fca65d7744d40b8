// Owns the composition of every capability into one service collection.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SalesCoach.Core.Agent;
using SalesCoach.Core.Assistant;
using SalesCoach.Core.Bot;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Crm;
using SalesCoach.Core.Dashboard;
using SalesCoach.Core.Deals;
using SalesCoach.Core.Demo;
using SalesCoach.Core.Leads;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;
using SalesCoach.Core.Sales;

namespace SalesCoach.Core;

public static class SalesCoachCoreExtensions
{
    /// <summary>Registers every capability from configuration (names as in local.settings.sample.json).</summary>
    public static IServiceCollection AddSalesCoachCore(this IServiceCollection services, IConfiguration configuration) => services
        .AddPlatform(configuration)
        .AddManagers(configuration)
        .AddMessaging(configuration)
        .AddDeals(configuration)
        .AddChats(configuration)
        .AddLeads(configuration)
        .AddSales()
        .AddCrm(configuration)
        .AddAgent(configuration)
        .AddAssistant(configuration)
        .AddDashboard(configuration)
        .AddBot(configuration)
        .AddSingleton<SeedDemoData>();
}
