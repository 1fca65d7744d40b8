using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SalesCoach.Core.Chats;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Functions;

/// <summary>
/// GET /api/reports/chats?from=&amp;to=&amp;format=json|xlsx|csv&amp;table=&amp;team=: seed 002's data mart for a period
/// (default: the last 7 days), for everyone or one team (in the team's zone and working window). JSON holds every table; xlsx is one workbook with a sheet per table;
/// csv is one table (table= one of the eight names).
/// </summary>
public static class GetChatReport
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reports/chats", HandleAsync).WithName(nameof(GetChatReport));
        // Function "GetChatReportXlsx": the workbook at the address seed 002's users bookmark.
        app.MapGet("/api/reports/chats.xlsx", ([FromQuery(Name = "from")] string? from, [FromQuery(Name = "to")] string? to, BuildChatReport job, TimeProvider time, CancellationToken cancellationToken) =>
            HandleAsync(from, to, "xlsx", null, null, job, time, cancellationToken)).WithName("GetChatReportXlsx");
    }

    private static async Task<IResult> HandleAsync(
        [FromQuery(Name = "from")] string? from, [FromQuery(Name = "to")] string? to, [FromQuery(Name = "format")] string? format, [FromQuery(Name = "table")] string? table,
        [FromQuery(Name = "team")] string? team, BuildChatReport job, TimeProvider time, CancellationToken cancellationToken)
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
            : await job.RunForTeamAsync(SalesCoach.Core.Platform.Keys.RequireId(team, "team"), start, end, cancellationToken);
        var stamp = $"{start.UtcDateTime:yyyyMMdd}-{end.UtcDateTime:yyyyMMdd}";
        return kind switch
        {
            "xlsx" => TypedResults.File(ChatReportExport.ToXlsx(report), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"chats-{stamp}.xlsx"),
            "csv" => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(ChatReportExport.ToCsv(report.Table(table!))), "text/csv; charset=utf-8", $"{table}-{stamp}.csv"),
            _ => TypedResults.Ok(report),
        };
    }

    private static DateTimeOffset? Date(string? raw, string field) =>
        raw is null ? null
        : DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at
        : throw new InputValidationException(field, $"'{field}' must be an ISO 8601 date or date-time, not '{raw}'.");
}
