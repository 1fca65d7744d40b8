// Owns the names of what a button can do.
namespace SalesCoach.Core.Bot;

public static class BotActions
{
    public const string Show = "show";
    public const string LeadStage = "lead_stage";
    public const string SaleStage = "sale_stage";
    public const string AnalyzeLead = "analyze_lead";
    public const string AnalyzeDeal = "analyze_deal";
    public const string RecommendationDone = "rec_done";
    public const string RecommendationSnooze = "rec_snooze";
    public const string RecommendationDismiss = "rec_dismiss";
}
