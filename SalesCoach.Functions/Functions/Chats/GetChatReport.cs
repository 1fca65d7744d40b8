// Owns GET /api/reports/chats and /api/reports/chats.xlsx: the chat analytics data mart for a period.
using System.Globalization;
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
    [ApiQuery("from", "string", "Start (ISO 8601 date or date-time).")]
    [ApiQuery("to", "string", "End (ISO 8601 date or date-time).")]
    [ApiQuery("format", "string", "json, xlsx or csv (default json).")]
    [ApiQuery("table", "string", "For csv: which table.")]
    [ApiQuery("team", "string", "Only this team, measured in its time zone and working window.")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "reports/chats")] HttpRequest request, CancellationToken cancellationToken) =>
        ReportAsync(request.Query["from"], request.Query["to"], request.Query["format"], request.Query["table"], request.Query["team"], cancellationToken);

    [Function("GetChatReportXlsx")]
    [ApiOperation("The chat analytics workbook for a period, a sheet per table.", ResponseContentType = Xlsx)]
    [ApiQuery("from", "string", "Start (ISO 8601 date or date-time).")]
    [ApiQuery("to", "string", "End (ISO 8601 date or date-time).")]
    public Task<IResult> XlsxAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "reports/chats.xlsx")] HttpRequest request, CancellationToken cancellationToken) =>
        ReportAsync(request.Query["from"], request.Query["to"], "xlsx", null, null, cancellationToken);

    private async Task<IResult> ReportAsync(string? from, string? to, string? format, string? table, string? team, CancellationToken cancellationToken)
    {
        var end = Date(to, "to") ?? time.GetUtcNow();
        var start = Date(from, "from") ?? end.AddDays(-7);
        var kind = format ?? "json";
        if (kind is not ("json" or "xlsx" or "csv"))
        {
            throw new InputValidationException("format", $"'format' must be json, xlsx or csv, not '{format}'.");
        }
        if (kind == "csv" && (table is null || !ChatReport.TableNames.Contains(table)))
        {
            throw new InputValidationException("table", $"'table' must be one of {string.Join(", ", ChatReport.TableNames)}.");
        }
        var report = team is null
            ? await job.RunAsync(start, end, cancellationToken)
            : await job.RunForTeamAsync(Keys.RequireId(team, "team"), start, end, cancellationToken);
        var stamp = $"{start.UtcDateTime:yyyyMMdd}-{end.UtcDateTime:yyyyMMdd}";
        return kind switch
        {
            "xlsx" => TypedResults.File(ChatReportExport.ToXlsx(report), Xlsx, $"chats-{stamp}.xlsx"),
            "csv" => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(ChatReportExport.ToCsv(report.Table(table!))), "text/csv; charset=utf-8", $"{table}-{stamp}.csv"),
            _ => TypedResults.Ok(report),
        };
    }

    private static DateTimeOffset? Date(string? raw, string field) =>
        string.IsNullOrEmpty(raw) ? null
        : DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at
        : throw new InputValidationException(field, $"'{field}' must be an ISO 8601 date or date-time, not '{raw}'.");
}
