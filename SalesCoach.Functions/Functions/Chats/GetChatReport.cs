// Owns GET /api/reports/chats and /api/reports/chats.xlsx: the chat analytics data mart for a period.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Chats;

public sealed class GetChatReport(BuildChatReport job, TimeProvider time)
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [Function(nameof(GetChatReport))]
    [ApiOperation("The chat analytics tables for a period (default the last 7 days): first response in working hours, unanswered clients, response rate, advice, SPIN mix and plans. JSON (every table), XLSX (a sheet per table) or CSV (one table).", Response = typeof(ChatReport))]
    [ApiQuery("from", "string", "Start: a date (that local day in the team's zone, or Chats__TimeZone, 00:00) or a date-time (with an offset: that instant; without: local time). Default 7 days before 'to'.")]
    [ApiQuery("to", "string", "End, exclusive: a date (the start of that local day) or a date-time, read like 'from'. Default now.")]
    [ApiQuery("format", "string", "json, xlsx or csv (default json).")]
    [ApiQuery("table", "string", "For csv: which table.")]
    [ApiQuery("team", "string", "Only this team, measured in its time zone and working window.")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "reports/chats")] HttpRequest request, CancellationToken cancellationToken) =>
        ReportAsync(request.Query["from"], request.Query["to"], request.Query["format"], request.Query["table"], request.Query["team"], cancellationToken);

    [Function("GetChatReportXlsx")]
    [ApiOperation("The chat analytics workbook for a period, a sheet per table.", ResponseContentType = Xlsx)]
    [ApiQuery("from", "string", "Start: a date (that local day in the team's zone, or Chats__TimeZone, 00:00) or a date-time (with an offset: that instant; without: local time). Default 7 days before 'to'.")]
    [ApiQuery("to", "string", "End, exclusive: a date (the start of that local day) or a date-time, read like 'from'. Default now.")]
    public Task<IResult> XlsxAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "reports/chats.xlsx")] HttpRequest request, CancellationToken cancellationToken) =>
        ReportAsync(request.Query["from"], request.Query["to"], "xlsx", null, null, cancellationToken);

    private async Task<IResult> ReportAsync(string? from, string? to, string? format, string? table, string? team, CancellationToken cancellationToken)
    {
        var kind = format ?? "json";
        if (kind is not ("json" or "xlsx" or "csv"))
        {
            throw new InputValidationException("format", $"'format' must be json, xlsx or csv, not '{format}'.");
        }
        if (kind == "csv" && (table is null || !ChatReport.TableNames.Contains(table)))
        {
            throw new InputValidationException("table", $"'table' must be one of {string.Join(", ", ChatReport.TableNames)}.");
        }
        var report = await job.RunAsync(from, to, team, time.GetUtcNow(), cancellationToken);
        var stamp = new ChatPeriod(report.From, report.To, TimeZones.Find(report.TimeZone ?? "UTC")).Stamp;
        return kind switch
        {
            "xlsx" => TypedResults.File(ChatReportExport.ToXlsx(report), Xlsx, $"chats-{stamp}.xlsx"),
            "csv" => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(ChatReportExport.ToCsv(report.Table(table!))), "text/csv; charset=utf-8", $"{table}-{stamp}.csv"),
            _ => TypedResults.Ok(report),
        };
    }
}
