// Owns GET /api/dashboard/{file}: the team lead's dashboard pages, plain files served as they are (no build step).
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Dashboard;

public sealed partial class GetDashboardPage
{
    /// <summary>Where the pages are, beside the app (copied to the build and publish output).</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "wwwroot", "dashboard");

    [Function(nameof(GetDashboardPage))]
    [ApiOperation("The team lead's dashboard: team overview (deals by risk, stale deals, deal pipeline, lead funnel and stage velocity), chat numbers per manager, and operations (team runs, outbox, CRM sync). Open /api/dashboard/ in a browser (with ?code=<key>).", ResponseContentType = "text/html")]
    public IResult Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dashboard/{*file}")] HttpRequest request, string? file)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Who may ask was settled before this ran: the function key under the host, DashboardGate standalone.
        // Relative links need the folder's trailing slash.
        if (string.IsNullOrEmpty(file) && !request.Path.Value!.EndsWith('/'))
        {
            return TypedResults.Redirect(request.PathBase + request.Path + "/" + request.QueryString);
        }
        var name = string.IsNullOrEmpty(file) ? "index.html" : file;
        // Only plain names of the folder's own files: nothing outside it can be asked for.
        if (!FileName().IsMatch(name) || !File.Exists(Path.Combine(Folder, name)))
        {
            return Hosting.Problems.Result(StatusCodes.Status404NotFound, "Not found", $"The dashboard has no file '{name}'.", "file", request.Path);
        }
        var contentType = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "image/png",
        };
        request.HttpContext.Response.Headers.CacheControl = "no-cache";
        return name.EndsWith(".html", StringComparison.Ordinal)
            ? TypedResults.Text(Inline(File.ReadAllText(Path.Combine(Folder, name))), contentType)
            : TypedResults.Bytes(File.ReadAllBytes(Path.Combine(Folder, name)), contentType);
    }

    /// <summary>
    /// The page with its style and script inside it: one request per page, so the key in the page's address
    /// (a function key or the dashboard token) is all a browser needs; asset requests would carry none.
    /// </summary>
    public static string Inline(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return html
            .Replace("<link rel=\"stylesheet\" href=\"dashboard.css\">", "<style>\n" + File.ReadAllText(Path.Combine(Folder, "dashboard.css")) + "</style>", StringComparison.Ordinal)
            .Replace("<script src=\"dashboard.js\"></script>", "<script>\n" + File.ReadAllText(Path.Combine(Folder, "dashboard.js")) + "</script>", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^[a-z0-9-]{1,64}\.(html|js|css|svg|png)$")]
    private static partial Regex FileName();
}
