using SalesCoach.Functions.Functions.Pipeline;

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
        ImportData.Map(app);
        GreenApiWebhook.Map(app);
        AmoCrmWebhook.Map(app);
        SyncCrm.Map(app);
        GetSyncStatus.Map(app);
        RunCrmSync.Map(app);
        SyncTimer.Map(app);
        GetChatReport.Map(app);
        SendChatReports.Map(app);
        Pipeline.CreateLead.Map(app);
        ListLeads.Map(app);
        GetLead.Map(app);
        Pipeline.ChangeLeadStage.Map(app);
        Pipeline.LogLeadMessages.Map(app);
        AssessLeadBant.Map(app);
        Pipeline.AnalyzeLead.Map(app);
        Pipeline.TransferLead.Map(app);
        ListSales.Map(app);
        GetSale.Map(app);
        Pipeline.ChangeSaleStage.Map(app);
        GetDashboard.Map(app);
        GetLeadsByStage.Map(app);
        GetSalesByStage.Map(app);
        GetConversionFunnel.Map(app);
        GetStageVelocity.Map(app);
    }
}
