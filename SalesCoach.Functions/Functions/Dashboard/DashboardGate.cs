// Owns the dashboard's access check in either mode: the function key under the Functions host; standalone, the dashboard token or loopback.
using SalesCoach.Core.Dashboard;
using SalesCoach.Functions.Hosting;

namespace SalesCoach.Functions.Functions.Dashboard;

public sealed class DashboardGate(HostingMode mode, DashboardOptions options)
{
    /// <summary>How the caller got in, or why not (under the Functions host the key was checked before the function ran).</summary>
    public DashboardAccessDecision Decide(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!mode.Standalone)
        {
            return DashboardAccess.Hosted;
        }
        string? given = request.Query["code"].FirstOrDefault() ?? request.Headers["x-functions-key"].FirstOrDefault();
        return DashboardAccess.Standalone(options, given, request.HttpContext.Connection.RemoteIpAddress);
    }

    /// <summary>
    /// The decision, or the problem+json to answer instead (401 wrong or missing token, 403 not loopback). The
    /// standalone host asks this before every keyed route, as the Functions host checks the function key.
    /// </summary>
    public (DashboardAccessDecision Decision, IResult? Refusal) Check(HttpRequest request)
    {
        var decision = Decide(request);
        if (decision.Allowed)
        {
            return (decision, null);
        }
        var status = decision.Mode == DashboardAccess.TokenMode ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
        return (decision, Problems.Result(status, status == 401 ? "Unauthorized" : "Forbidden", decision.Refusal!, "Dashboard__Token", request.Path));
    }
}
