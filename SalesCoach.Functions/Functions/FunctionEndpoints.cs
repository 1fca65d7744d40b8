namespace SalesCoach.Functions.Functions;

/// <summary>Every function's endpoint; one line per function folder.</summary>
public static class FunctionEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        AnalyzeDeal.Map(app);
        AnalyzeAllDeals.Map(app);
        GetRun.Map(app);
        GetOutbox.Map(app);
        SeedDemoData.Map(app);
        DailyReview.Map(app);
        SendOutbox.Map(app);
        AnalyzeManagerDeals.Map(app);
        FinalizeTeamRun.Map(app);
        AnalyzeManager.Map(app);
        CheckStaleDeals.Map(app);
        StartMonitoring.Map(app);
        StopMonitoring.Map(app);
        GetMonitoringStatus.Map(app);
        MonitoringTick.Map(app);
    }
}
